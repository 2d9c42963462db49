#include "chain/genesis.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "chain/crypto/bech32m.h"
#include "chain/crypto/hash.h"
#include "chain/overlay.h"
#include "chain/params.h"
#include "chain/validator_set_state.h"

namespace folio {
namespace {

using nlohmann::json;
constexpr uint8_t kGenesisVersion = 1;
constexpr size_t kMaxGenesisAccounts = 1000000;

// Field access that names the failing path in its error.
struct Field {
    const json& value;
    std::string path;

    Field at(const std::string& key) const { return Field{value.at(key), path.empty() ? key : path + "." + key}; }
    Field at(size_t i) const { return Field{value.at(i), path + "[" + std::to_string(i) + "]"}; }
    bool has(const std::string& key) const { return value.is_object() && value.contains(key); }
};

struct GenesisError {
    std::string message;
};

[[noreturn]] void fail(const Field& f, const std::string& why) { throw GenesisError{f.path + ": " + why}; }

Field require(const Field& parent, const std::string& key) {
    if (!parent.value.is_object() || !parent.value.contains(key)) {
        throw GenesisError{(parent.path.empty() ? key : parent.path + "." + key) + ": missing"};
    }
    return parent.at(key);
}

std::string text(const Field& f, size_t max_len) {
    if (!f.value.is_string()) fail(f, "must be a string");
    auto s = f.value.get<std::string>();
    if (s.empty() || s.size() > max_len) fail(f, "must be 1 to " + std::to_string(max_len) + " characters");
    return s;
}

uint64_t number(const Field& f) {
    if (!f.value.is_number_unsigned()) fail(f, "must be a non-negative integer");
    return f.value.get<uint64_t>();
}

template <size_t N>
std::array<uint8_t, N> hex_field(const Field& f) {
    std::array<uint8_t, N> out;
    if (!f.value.is_string() || !from_hex_fixed(f.value.get<std::string>(), out)) {
        fail(f, "must be " + std::to_string(2 * N) + " hex characters");
    }
    return out;
}

PubKey pubkey_field(const Field& f) {
    PubKey k = hex_field<32>(f);
    if (!crypto::is_valid_pubkey(k)) fail(f, "is not a valid x-only secp256k1 public key");
    return k;
}

Amount amount_field(const Field& f, uint8_t decimals) {
    Amount a;
    if (!f.value.is_string() || !parse_amount(f.value.get<std::string>(), decimals, a)) {
        fail(f, "must be a decimal string with at most " + std::to_string(decimals) + " decimals");
    }
    return a;
}

Policy policy_field(const Field& f, AssetClass cls) {
    if (!f.value.is_object()) fail(f, "must be an object");
    Policy p = Policy::class_default(cls);
    for (const auto& [key, _] : f.value.items()) {
        if (key != "kyc_min_level" && key != "max_holders" && key != "transferable") fail(f.at(key), "unknown policy field");
    }
    if (f.has("kyc_min_level")) {
        const uint64_t v = number(f.at("kyc_min_level"));
        if (v > 255) fail(f.at("kyc_min_level"), "must be at most 255");
        p.kyc_min_level = static_cast<uint8_t>(v);
    }
    if (f.has("max_holders")) {
        const uint64_t v = number(f.at("max_holders"));
        if (v > UINT32_MAX) fail(f.at("max_holders"), "too large");
        p.max_holders = static_cast<uint32_t>(v);
    }
    if (f.has("transferable")) {
        if (!f.at("transferable").value.is_boolean()) fail(f.at("transferable"), "must be true or false");
        p.transferable = f.at("transferable").value.get<bool>();
    }
    return p;
}

// Genesis accounts by name and by pubkey hex: asset balances refer to them, and a genesis of 100k holders must
// not look each one up by scanning the list.
using AccountIndex = std::map<std::string, PubKey, std::less<>>;

AccountIndex index_accounts(const std::vector<GenesisAccount>& accounts) {
    AccountIndex index;
    for (const auto& a : accounts) {
        index.emplace(a.name, a.pubkey);
        index.emplace(to_hex(a.pubkey), a.pubkey);
    }
    return index;
}

// An account reference inside genesis: a genesis account's name, or its pubkey in hex.
PubKey account_ref(const Field& f, const AccountIndex& accounts) {
    if (!f.value.is_string()) fail(f, "must name a genesis account");
    const auto s = f.value.get<std::string>();
    auto it = accounts.find(s);
    if (it == accounts.end()) fail(f, "\"" + s + "\" is not a genesis account (give its name or pubkey)");
    return it->second;
}

void parse_validators(const Field& f, Genesis& g) {
    if (!f.value.is_array() || f.value.empty() || f.value.size() > kMaxValidators) {
        fail(f, "must be a non-empty array of at most " + std::to_string(kMaxValidators));
    }
    std::set<PubKey> seen;
    for (size_t i = 0; i < f.value.size(); ++i) {
        const Field v = f.at(i);
        Validator val;
        val.name = text(require(v, "name"), 64);
        val.consensus_key = pubkey_field(require(v, "consensus_pubkey"));
        val.p2p_key = hex_field<32>(require(v, "p2p_pubkey"));
        val.power = number(require(v, "power"));
        if (val.power == 0 || val.power > kMaxValidatorPower) fail(v.at("power"), "must be between 1 and 2^48");
        if (!seen.insert(val.consensus_key).second) fail(v.at("consensus_pubkey"), "appears twice");
        g.validators.validators.push_back(std::move(val));
    }
    // The same rules as validator_set_update: P2P keys that are Ed25519 points, no key or name twice.
    if (Status s = check_validator_set(g.validators); !s) throw GenesisError{s.error().message};
}

void parse_accounts(const Field& f, Genesis& g) {
    if (!f.value.is_array() || f.value.size() > kMaxGenesisAccounts) {
        fail(f, "must be an array of at most " + std::to_string(kMaxGenesisAccounts) + " accounts");
    }
    std::set<PubKey> keys;
    std::set<std::string> names;
    for (size_t i = 0; i < f.value.size(); ++i) {
        const Field a = f.at(i);
        GenesisAccount acc;
        acc.name = text(require(a, "name"), 64);
        acc.pubkey = pubkey_field(require(a, "pubkey"));
        if (!keys.insert(acc.pubkey).second) fail(a.at("pubkey"), "appears twice");
        if (!names.insert(acc.name).second) fail(a.at("name"), "appears twice");
        if (a.has("roles")) {
            const Field roles = a.at("roles");
            if (!roles.value.is_array()) fail(roles, "must be an array of role names");
            for (size_t r = 0; r < roles.value.size(); ++r) {
                Role role;
                if (!roles.value[r].is_string() || !role_from_name(roles.value[r].get<std::string>(), role)) {
                    fail(roles.at(r), "must be operator, registrar or issuer");
                }
                acc.roles |= role_bit(role);
            }
        }
        if (a.has("kyc")) {
            const Field k = a.at("kyc");
            Kyc kyc;
            const uint64_t level = number(require(k, "level"));
            if (level > 255) fail(k.at("level"), "must be at most 255");
            kyc.level = static_cast<uint8_t>(level);
            kyc.category = text(require(k, "category"), kMaxCategoryLength);
            kyc.expires_ms = number(require(k, "expires_ms"));
            kyc.doc_hash = hex_field<32>(require(k, "doc_hash"));
            acc.kyc = kyc;
        }
        g.accounts.push_back(std::move(acc));
    }
}

void parse_assets(const Field& f, Genesis& g) {
    if (!f.value.is_array()) fail(f, "must be an array");
    const AccountIndex accounts = index_accounts(g.accounts);
    std::set<std::string> symbols;
    for (size_t i = 0; i < f.value.size(); ++i) {
        const Field a = f.at(i);
        GenesisAsset asset;
        asset.symbol = text(require(a, "symbol"), kMaxSymbolLength);
        if (!is_valid_symbol(asset.symbol)) fail(a.at("symbol"), "must be 1-12 of A-Z 0-9 . -");
        if (!symbols.insert(asset.symbol).second) fail(a.at("symbol"), "appears twice");
        const Field cls = require(a, "class");
        if (!cls.value.is_string() || !asset_class_from_name(cls.value.get<std::string>(), asset.asset_class)) {
            fail(cls, "must be equity, minibond, royalty, currency or other");
        }
        const uint64_t decimals = number(require(a, "decimals"));
        if (decimals > kMaxDecimals) fail(a.at("decimals"), "must be at most 18");
        asset.decimals = static_cast<uint8_t>(decimals);
        asset.max_supply = amount_field(require(a, "max_supply"), asset.decimals);
        if (asset.max_supply == 0) fail(a.at("max_supply"), "must be positive");
        asset.issuer = account_ref(require(a, "issuer"), accounts);
        if (a.has("metadata_hash")) asset.metadata_hash = hex_field<32>(a.at("metadata_hash"));
        if (a.has("policy")) asset.policy = policy_field(a.at("policy"), asset.asset_class);
        Amount supply = 0;
        if (a.has("balances")) {
            const Field b = a.at("balances");
            if (!b.value.is_array()) fail(b, "must be an array");
            std::set<PubKey> holders;
            for (size_t j = 0; j < b.value.size(); ++j) {
                const Field e = b.at(j);
                const PubKey holder = account_ref(require(e, "account"), accounts);
                const Amount amount = amount_field(require(e, "amount"), asset.decimals);
                if (amount == 0) fail(e.at("amount"), "must be positive");
                if (!holders.insert(holder).second) fail(e.at("account"), "appears twice");
                if (!checked_add(supply, amount, supply) || supply > asset.max_supply) {
                    fail(e.at("amount"), "balances exceed max_supply");
                }
                asset.balances.emplace_back(holder, amount);
            }
        }
        g.assets.push_back(std::move(asset));
    }
}

void parse_params(const Field& f, Genesis& g) {
    if (!f.value.is_object()) fail(f, "must be an object of name: integer");
    for (const auto& [name, _] : f.value.items()) {
        if (!default_params().count(name)) fail(f.at(name), "unknown parameter");
        const uint64_t value = number(f.at(name));
        if (Status s = check_param_value(name, value); !s) fail(f.at(name), s.error().message);
        g.params[name] = value;
    }
}

// {"rule": "registrar"} or {"rule": "account", "account": ADDRESS of a genesis account}.
void parse_governance(const Field& f, Genesis& g) {
    if (!f.value.is_object()) fail(f, "must be an object with a rule");
    for (const auto& [key, _] : f.value.items()) {
        if (key != "rule" && key != "account") fail(f.at(key), "unknown field");
    }
    const std::string rule = text(require(f, "rule"), 32);
    if (rule == "registrar") {
        if (f.has("account")) fail(f.at("account"), "only the rule \"account\" names an account");
        g.governance = GovernanceRule::registrar;
        return;
    }
    if (rule != "account") fail(f.at("rule"), "must be \"registrar\" or \"account\"");
    const Field account = require(f, "account");
    auto id = crypto::decode_address(text(account, 128));
    if (!id) fail(account, "not a folio address");
    const bool known = std::any_of(g.accounts.begin(), g.accounts.end(),
                                   [&](const GenesisAccount& a) { return account_id_of(a.pubkey) == *id; });
    if (!known) fail(account, "must be one of the genesis accounts");
    g.governance = GovernanceRule::account;
    g.governance_account = *id;
}

}  // namespace

Bytes governance_account_key() { return state_key::meta("governance_account"); }

const std::map<std::string, uint64_t>& default_params() {
    static const std::map<std::string, uint64_t> params = {
        {"block_max_txs", 5000},
        {"block_max_bytes", 8 * 1024 * 1024},
        // The work a block may do (chain/registry.h, op weights): a core op weighs 1, a paged instrument op its
        // `limit`, so a block never holds more than this many holder payments however its txs are made.
        {"block_max_weight", 20000},
        {"tx_max_wait_blocks", 10000},
        // Tendermint round timings (docs/consensus.md): the wait of step S in round r is S + delta * r.
        {"consensus_timeout_propose_ms", 3000},
        {"consensus_timeout_prevote_ms", 1000},
        {"consensus_timeout_precommit_ms", 1000},
        {"consensus_timeout_delta_ms", 500},
        // How far ahead of the validator's clock a new proposal's time_ms may be (check before prevote).
        {"consensus_max_clock_drift_ms", 2000},
    };
    return params;
}

Result<Genesis> parse_genesis(std::string_view json_text) {
    json doc = json::parse(json_text, nullptr, false);
    if (doc.is_discarded()) return make_error(Reason::DECODE_ERROR, "genesis: not valid JSON");
    if (!doc.is_object()) return make_error(Reason::DECODE_ERROR, "genesis: must be a JSON object");
    try {
        const Field root{doc, ""};
        for (const auto& [key, _] : doc.items()) {
            static const std::set<std::string> known = {"chain_name", "genesis_time_ms", "validators", "governance",
                                                        "accounts",   "assets",          "params"};
            if (!known.count(key)) fail(root.at(key), "unknown field");
        }
        Genesis g;
        g.chain_name = text(require(root, "chain_name"), 64);
        g.genesis_time_ms = number(require(root, "genesis_time_ms"));
        parse_validators(require(root, "validators"), g);
        parse_accounts(require(root, "accounts"), g);
        if (root.has("governance")) parse_governance(root.at("governance"), g);
        if (root.has("assets")) parse_assets(root.at("assets"), g);
        // Only the params the file names enter the chain id: a release that adds a default must not change
        // the id of existing chains. genesis_state() fills in the defaults.
        if (root.has("params")) parse_params(root.at("params"), g);
        bool has_registrar = false;
        for (const auto& a : g.accounts) has_registrar |= (a.roles & role_bit(Role::registrar)) != 0;
        if (!has_registrar) fail(root.at("accounts"), "at least one account must hold the registrar role");
        for (size_t i = 0; i < g.assets.size(); ++i) {
            for (const auto& a : g.accounts) {
                if (a.pubkey == g.assets[i].issuer && !(a.roles & role_bit(Role::issuer))) {
                    fail(root.at("assets").at(i).at("issuer"), "account lacks the issuer role");
                }
            }
        }
        return g;
    } catch (const GenesisError& e) {
        return make_error(Reason::INVALID_ARGUMENT, "genesis: " + e.message);
    } catch (const json::exception& e) {
        return make_error(Reason::INVALID_ARGUMENT, std::string("genesis: ") + e.what());
    }
}

Bytes Genesis::encode() const {
    Writer w(1024);
    w.u8(kGenesisVersion);
    w.str(chain_name);
    w.u64(genesis_time_ms);
    w.raw(validators.encode());
    w.u8(static_cast<uint8_t>(governance));
    if (governance == GovernanceRule::account) w.fixed_bytes(governance_account);
    w.varint(accounts.size());
    for (const auto& a : accounts) {
        w.str(a.name);
        w.fixed_bytes(a.pubkey);
        w.u32(a.roles);
        w.boolean(a.kyc.has_value());
        if (a.kyc) {
            w.u8(a.kyc->level);
            w.str(a.kyc->category);
            w.u64(a.kyc->expires_ms);
            w.fixed_bytes(a.kyc->doc_hash);
        }
    }
    w.varint(assets.size());
    for (const auto& a : assets) {
        w.str(a.symbol);
        w.u8(static_cast<uint8_t>(a.asset_class));
        w.u8(a.decimals);
        w.u64(a.max_supply);
        w.fixed_bytes(a.issuer);
        w.fixed_bytes(a.metadata_hash);
        w.bytes(a.policy ? a.policy->encode() : Bytes());
        w.varint(a.balances.size());
        for (const auto& [holder, amount] : a.balances) {
            w.fixed_bytes(holder);
            w.u64(amount);
        }
    }
    w.varint(params.size());
    for (const auto& [name, value] : params) {
        w.str(name);
        w.u64(value);
    }
    return w.take();
}

ChainId Genesis::chain_id() const { return crypto::tags::genesis()(encode()); }

std::string Genesis::to_json() const {
    json doc;
    doc["chain_name"] = chain_name;
    doc["genesis_time_ms"] = genesis_time_ms;
    doc["governance"] = governance == GovernanceRule::account
                            ? json{{"rule", "account"}, {"account", crypto::encode_address(governance_account)}}
                            : json{{"rule", "registrar"}};
    doc["validators"] = json::array();
    for (const auto& v : validators.validators) {
        doc["validators"].push_back({{"name", v.name},
                                     {"consensus_pubkey", to_hex(v.consensus_key)},
                                     {"p2p_pubkey", to_hex(v.p2p_key)},
                                     {"power", v.power}});
    }
    doc["accounts"] = json::array();
    for (const auto& a : accounts) {
        json acc = {{"name", a.name}, {"pubkey", to_hex(a.pubkey)}, {"address", crypto::encode_address(account_id_of(a.pubkey))}};
        acc["roles"] = json::array();
        for (Role r : {Role::operator_, Role::registrar, Role::issuer}) {
            if (a.roles & role_bit(r)) acc["roles"].push_back(std::string(role_name(r)));
        }
        if (a.kyc) {
            acc["kyc"] = {{"level", a.kyc->level}, {"category", a.kyc->category}, {"expires_ms", a.kyc->expires_ms},
                          {"doc_hash", to_hex(a.kyc->doc_hash)}};
        }
        doc["accounts"].push_back(std::move(acc));
    }
    doc["assets"] = json::array();
    for (const auto& a : assets) {
        json asset = {{"symbol", a.symbol},
                      {"class", std::string(asset_class_name(a.asset_class))},
                      {"decimals", a.decimals},
                      {"max_supply", format_amount(a.max_supply, a.decimals)},
                      {"issuer", to_hex(a.issuer)},
                      {"metadata_hash", to_hex(a.metadata_hash)}};
        if (a.policy) {
            asset["policy"] = {{"kyc_min_level", a.policy->kyc_min_level},
                               {"max_holders", a.policy->max_holders},
                               {"transferable", a.policy->transferable}};
        }
        asset["balances"] = json::array();
        for (const auto& [holder, amount] : a.balances) {
            asset["balances"].push_back({{"account", to_hex(holder)}, {"amount", format_amount(amount, a.decimals)}});
        }
        doc["assets"].push_back(std::move(asset));
    }
    doc["params"] = params;
    return doc.dump(2);
}

StateWrites genesis_state(const Genesis& g) {
    struct Empty : StateView {
        bool get(ByteView, Bytes&) const override { return false; }
    } empty;
    Overlay state(empty);
    for (const auto& a : g.accounts) {
        const AccountId id = account_id_of(a.pubkey);
        Account acc;
        acc.keys.push_back(a.pubkey);
        acc.roles = a.roles;
        if (a.kyc) {
            acc.kyc = *a.kyc;
            acc.kyc->attested_by = id;
        }
        state.put(state_key::account(id), acc.encode());
        state.put(state_key::pubkey(a.pubkey), Bytes(id.begin(), id.end()));
    }
    AssetId next_id = 1;
    for (const auto& ga : g.assets) {
        Asset asset;
        asset.id = next_id++;
        asset.symbol = ga.symbol;
        asset.asset_class = ga.asset_class;
        asset.decimals = ga.decimals;
        asset.max_supply = ga.max_supply;
        asset.issuer = account_id_of(ga.issuer);
        asset.policy = ga.policy ? *ga.policy : Policy::class_default(ga.asset_class);
        asset.metadata_hash = ga.metadata_hash;
        for (const auto& [holder, amount] : ga.balances) {
            Balance b;
            b.amount = amount;
            asset.supply += amount;  // parse_genesis bounded the sum by max_supply
            ++asset.holders;
            state.put(state_key::balance(asset.id, account_id_of(holder)), b.encode());
        }
        state.put(state_key::asset(asset.id), asset.encode());
        Writer id;
        id.u32(asset.id);
        state.put(state_key::symbol(asset.symbol), id.take());
    }
    Writer next;
    next.u32(next_id);
    state.put(state_key::meta("next_asset_id"), next.take());
    for (StateWrite& w : genesis_validator_set(g.validators)) state.put(std::move(w.key), std::move(*w.value));
    if (g.governance == GovernanceRule::account)
        state.put(governance_account_key(), Bytes(g.governance_account.begin(), g.governance_account.end()));
    std::map<std::string, uint64_t> params = default_params();
    for (const auto& [name, value] : g.params) params[name] = value;
    for (const auto& [name, value] : params) {
        Writer v;
        v.u64(value);
        state.put(state_key::param(name), v.take());
    }
    return state.writes();
}

BlockHeader genesis_header(const Genesis& g, const Hash256& state_root) {
    BlockHeader h;
    h.chain_id = g.chain_id();
    h.height = 0;
    h.time_ms = g.genesis_time_ms;
    h.state_root = state_root;
    h.validators_hash = g.validators.hash();
    return h;
}

}  // namespace folio
