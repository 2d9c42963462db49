// docs/rpc.md is generated from the node's method table (STYLE: "Self-describing RPC": no method is described in
// two places). This test renders the table as foliod registers it and compares it with the checked-in file, so a
// change to a method's entry fails here until the reference is regenerated (from any directory):
//
//   FOLIO_WRITE_DOCS=1 build/tests/node/node_tests --gtest_filter=rpc_doc.DocsRpcMdMatchesTheMethodTable
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "rpc/describe.h"
#include "rpc_fixture.h"

namespace folio::node::test {
namespace {

// The source tree, as the build names it (never __FILE__: ccache's base_dir makes it relative).
std::filesystem::path source_dir() { return std::filesystem::path(FOLIO_SOURCE_DIR); }

// The first line where two texts differ, 1-based, with both versions of it, for a readable failure.
std::string first_difference(const std::string& expected, const std::string& actual) {
    std::istringstream a(expected), b(actual);
    std::string la, lb;
    for (size_t line = 1;; ++line) {
        const bool more_a = static_cast<bool>(std::getline(a, la));
        const bool more_b = static_cast<bool>(std::getline(b, lb));
        if (!more_a && !more_b) return "the texts differ only in their last newline";
        if (more_a != more_b || la != lb) {
            std::string out = "first difference at line ";
            out += std::to_string(line);
            out += ":\n  docs/rpc.md:     ";
            out += more_b ? lb : std::string("(end of file)");
            out += "\n  the method table: ";
            out += more_a ? la : std::string("(end of text)");
            return out;
        }
    }
}

TEST(rpc_doc, DocsRpcMdMatchesTheMethodTable) {
    NodeRpc node;
    const std::string rendered = rpc::render_markdown(node.table());
    const std::filesystem::path path = source_dir() / "docs" / "rpc.md";

    const char* write = std::getenv("FOLIO_WRITE_DOCS");
    if (write != nullptr && std::string(write) == "1") {
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out << rendered;
        out.close();
        ASSERT_TRUE(out.good()) << "cannot write " << path;
        std::printf("wrote %s (%zu bytes)\n", path.c_str(), rendered.size());
        return;
    }

    std::ifstream in(path, std::ios::binary);
    ASSERT_TRUE(in.good()) << path << " is missing. Generate it with:\n"
                           << "  FOLIO_WRITE_DOCS=1 node_tests --gtest_filter=rpc_doc.DocsRpcMdMatchesTheMethodTable";
    std::stringstream text;
    text << in.rdbuf();
    EXPECT_TRUE(text.str() == rendered)
        << path << " is not what the method table renders (" << first_difference(rendered, text.str())
        << ").\nThe method table is the source: regenerate the reference with\n"
        << "  FOLIO_WRITE_DOCS=1 node_tests --gtest_filter=rpc_doc.DocsRpcMdMatchesTheMethodTable\n"
        << "and commit docs/rpc.md with the change to the table.";
}

}  // namespace
}  // namespace folio::node::test
