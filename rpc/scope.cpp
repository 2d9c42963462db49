#include "rpc/scope.h"

namespace folio::rpc {

std::string_view scope_name(Scope scope) {
    switch (scope) {
        case Scope::Public:
            return "public";
        case Scope::Read:
            return "read";
        case Scope::Submit:
            return "submit";
        case Scope::Admin:
            return "admin";
    }
    return "public";
}

std::optional<Scope> scope_from_name(std::string_view name) {
    for (Scope s : {Scope::Public, Scope::Read, Scope::Submit, Scope::Admin}) {
        if (scope_name(s) == name) return s;
    }
    return std::nullopt;
}

}  // namespace folio::rpc
