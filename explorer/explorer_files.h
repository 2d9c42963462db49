// The files of explorer/page/, embedded in the binary by explorer/embed.cmake (explorer_files.cpp in the
// build directory). Internal to folio_explorer: explorer.h is the interface.
#pragma once

#include <cstddef>

namespace folio::explorer {

struct EmbeddedFile {
    const char* name;  // "app.js"
    const unsigned char* data;
    size_t size;
};

extern const EmbeddedFile kPageFiles[];
extern const size_t kPageFileCount;

}  // namespace folio::explorer
