// docs/rpc.md is generated from the node's method table (STYLE: "Self-describing RPC": no method is described in
// two places), docs/ops.md from the op table (chain/op_fields.cpp) and its examples (node/op_examples.h). These
// tests render them as foliod would and compare them with the checked-in files, so a change to a method's or an
// op's entry fails here until the reference is regenerated (from any directory):
//
//   FOLIO_WRITE_DOCS=1 build/tests/node/node_tests --gtest_filter='rpc_doc.*'
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "contracts/registry.h"
#include "node/op_reference.h"
#include "rpc/describe.h"
#include "rpc_fixture.h"

namespace folio::node::test {
namespace {

// The source tree, as the build names it (never __FILE__: ccache's base_dir makes it relative).
std::filesystem::path source_dir() { return std::filesystem::path(FOLIO_SOURCE_DIR); }

// The first line where two texts differ, 1-based, with both versions of it, for a readable failure.
std::string first_difference(const std::string& expected, const std::string& actual, const std::string& file,
                             const std::string& source) {
    std::istringstream a(expected), b(actual);
    std::string la, lb;
    for (size_t line = 1;; ++line) {
        const bool more_a = static_cast<bool>(std::getline(a, la));
        const bool more_b = static_cast<bool>(std::getline(b, lb));
        if (!more_a && !more_b) return "the texts differ only in their last newline";
        if (more_a != more_b || la != lb) {
            std::string out = "first difference at line ";
            out += std::to_string(line);
            out += ":\n  " + file + ": ";
            out += more_b ? lb : std::string("(end of file)");
            out += "\n  " + source + ": ";
            out += more_a ? la : std::string("(end of text)");
            return out;
        }
    }
}

// Writes `rendered` to docs/NAME under FOLIO_WRITE_DOCS=1; otherwise compares it with the checked-in file.
void check_generated(const std::string& name, const std::string& rendered, const std::string& source,
                     const std::string& test) {
    const std::filesystem::path path = source_dir() / "docs" / name;
    const std::string regenerate = "  FOLIO_WRITE_DOCS=1 node_tests --gtest_filter=rpc_doc." + test;
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
    ASSERT_TRUE(in.good()) << path << " is missing. Generate it with:\n" << regenerate;
    std::stringstream text;
    text << in.rdbuf();
    EXPECT_TRUE(text.str() == rendered)
        << path << " is not what " << source << " renders ("
        << first_difference(rendered, text.str(), "docs/" + name, source) << ").\nThe " << source
        << " is the source: regenerate the reference with\n"
        << regenerate << "\nand commit docs/" << name << " with the change to the table.";
}

TEST(rpc_doc, DocsRpcMdMatchesTheMethodTable) {
    NodeRpc node;
    check_generated("rpc.md", rpc::render_markdown(node.table()), "the method table",
                    "DocsRpcMdMatchesTheMethodTable");
}

TEST(rpc_doc, DocsOpsMdMatchesTheOpTable) {
    check_generated("ops.md", render_ops_markdown(*contracts::make_registry()), "the op table", "DocsOpsMdMatchesTheOpTable");
}

TEST(rpc_doc, DocsOpsSchemaJsonMatchesTheOpTable) {
    check_generated("ops-schema.json", render_ops_schema_json(*contracts::make_registry()), "the op table",
                    "DocsOpsSchemaJsonMatchesTheOpTable");
}

}  // namespace
}  // namespace folio::node::test
