#include "explorer/explorer.h"

#include <string_view>

#include "explorer/explorer_files.h"
#include "rpc/http_handler.h"

namespace folio::explorer {
namespace {

constexpr std::string_view kIndex = "index.html";

std::string_view content_type_of(std::string_view name) {
    if (name.ends_with(".html")) return "text/html; charset=utf-8";
    if (name.ends_with(".js")) return "text/javascript; charset=utf-8";
    if (name.ends_with(".css")) return "text/css; charset=utf-8";
    return "application/octet-stream";
}

const EmbeddedFile* find_file(std::string_view name) {
    for (size_t i = 0; i < kPageFileCount; ++i) {
        if (name == kPageFiles[i].name) return &kPageFiles[i];
    }
    return nullptr;
}

void add_security_headers(rpc::HttpResponse& r) {
    r.headers.emplace_back("Content-Security-Policy", kContentSecurityPolicy);
    r.headers.emplace_back("X-Content-Type-Options", "nosniff");
    r.headers.emplace_back("Referrer-Policy", "no-referrer");
    // The page is small and changes with the binary: always revalidate, so an upgraded node serves its own.
    r.headers.emplace_back("Cache-Control", "no-cache");
}

rpc::HttpResponse serve(const rpc::HttpRequest& req) {
    std::string_view path = rpc::target_path(req.target);
    std::string_view name =
        path == "/explorer" || path == "/explorer/" ? kIndex : path.substr(sizeof("/explorer/") - 1);
    rpc::HttpResponse r;
    add_security_headers(r);
    const EmbeddedFile* file = find_file(name);
    if (file == nullptr) {
        r.status = 404;
        r.content_type = "text/plain; charset=utf-8";
        r.body = "not found: the register page is GET /explorer\n";
        return r;
    }
    r.content_type = std::string(content_type_of(file->name));
    r.body.assign(reinterpret_cast<const char*>(file->data), file->size);
    return r;
}

}  // namespace

std::vector<rpc::GetRoute> routes() {
    return {{"/explorer", rpc::Scope::Public, serve}, {"/explorer/", rpc::Scope::Public, serve}};
}

}  // namespace folio::explorer
