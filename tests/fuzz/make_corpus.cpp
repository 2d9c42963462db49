// Writes the seed corpus of every fuzz target, tests/fuzz/corpus/<target>/<case>, from the product's own
// encoders: valid txs, op payloads, headers, bodies, certificates, validator sets, proofs, state records,
// genesis files, op JSON, JSON-RPC requests, keystore files and P2P frames. Each case is checked to decode
// before it is written. Deterministic except for the keystore files (scrypt salts and IVs are random).
//
//   build/tests/fuzz/fuzz_make_corpus tests/fuzz/corpus
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "chain/block.h"
#include "chain/crypto/hash.h"
#include "chain/genesis.h"
#include "chain/op_json.h"
#include "chain/state.h"
#include "chain/state_proof.h"
#include "chain/state_tree.h"
#include "chain/tx.h"
#include "chain/crypto/ed25519.h"
#include "contracts/pro_rata.h"
#include "fuzz.h"
#include "keys/keystore.h"
#include "node/p2p/messages.h"
#include "node/p2p/options.h"

namespace fs = std::filesystem;
using namespace folio;

namespace {

fs::path g_root;
size_t g_files = 0;

void write(const std::string& target, const std::string& name, ByteView bytes) {
    const fs::path dir = g_root / target;
    fs::create_directories(dir);
    std::ofstream out(dir / name, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    if (!out) {
        std::fprintf(stderr, "cannot write %s/%s\n", dir.c_str(), name.c_str());
        std::exit(1);
    }
    ++g_files;
}
void write_text(const std::string& target, const std::string& name, std::string_view text) {
    write(target, name, as_bytes(text));
}

crypto::SecretKey key(uint64_t index) {
    Bytes seed = {'f', 'u', 'z', 'z'};
    for (int b = 0; b < 8; ++b) seed.push_back(static_cast<uint8_t>(index >> (8 * b)));
    auto k = crypto::SecretKey::from_bytes(crypto::sha256(seed));
    FUZZ_CHECK(k.has_value());
    return std::move(*k);
}
PubKey pub(uint64_t index) {
    return key(index).pubkey();
}
AccountId account(uint64_t index) {
    return account_id_of(pub(index));
}
Hash256 filled(uint8_t b) {
    Hash256 h;
    h.fill(b);
    return h;
}
Signature sign_det(uint64_t key_index, const Hash256& msg) {
    auto sig = crypto::sign_with_aux(key(key_index), msg, Hash256{});
    FUZZ_CHECK(sig.has_value());
    return *sig;
}

// ---- ops
// ------------------------------------------------------------------------------------------------------

struct NamedOp {
    std::string target;  // op_<kind>
    std::string name;
    Op op;
};

std::vector<NamedOp> sample_ops() {
    std::vector<NamedOp> ops;
    auto add = [&](std::string target, std::string name, Op op) {
        FUZZ_CHECK(decode_core_op(op).ok());
        ops.push_back({std::move(target), std::move(name), std::move(op)});
    };
    add("op_account_register", "basic", encode_op(AccountRegisterOp{pub(1)}));
    add("op_account_register", "other_key", encode_op(AccountRegisterOp{pub(2)}));
    add("op_kyc_attest", "retail",
        encode_op(KycAttestOp{account(1), 1, "retail", 4102444800000, filled(0x11)}));
    add("op_kyc_attest", "professional",
        encode_op(KycAttestOp{account(2), 2, "professional", 0, filled(0x9f)}));
    add("op_kyc_attest", "empty_category", encode_op(KycAttestOp{account(3), 0, "", UINT64_MAX, Hash256{}}));
    add("op_key_rotate", "own", encode_op(KeyRotateOp{pub(4), false, {}, {}}));
    add("op_key_rotate", "recovery", encode_op(KeyRotateOp{pub(5), true, account(1), filled(0x42)}));
    add("op_role", "grant_registrar", encode_op(RoleOp{account(1), Role::registrar, ""}, true));
    add("op_role", "grant_issuer_asset", encode_op(RoleOp{account(2), Role::issuer, "SOLARCOOP"}, true));
    add("op_role", "revoke_operator", encode_op(RoleOp{account(3), Role::operator_, ""}, false));
    AssetCreateOp equity{"SOLARCOOP", AssetClass::equity, 0, 1000000, filled(0x33), std::nullopt};
    add("op_asset_create", "equity_default_policy", encode_op(equity));
    AssetCreateOp currency{"GONETTE", AssetClass::currency, 2, 1000000000, Hash256{}, Policy{1, 500, true}};
    add("op_asset_create", "currency_policy", encode_op(currency));
    AssetCreateOp closed{"ROY-1.A", AssetClass::royalty, 18, UINT64_MAX, Hash256{}, Policy{3, 0, false}};
    add("op_asset_create", "royalty_not_transferable", encode_op(closed));
    add("op_issue", "one", encode_op(IssueOp{"SOLARCOOP", {{account(1), 100}}}));
    add("op_issue", "three",
        encode_op(IssueOp{"GONETTE", {{account(1), 1}, {account(2), 250}, {account(3), UINT64_MAX}}}));
    add("op_transfer", "basic", encode_op(TransferOp{"GONETTE", account(2), 1250}));
    add("op_transfer", "zero", encode_op(TransferOp{"X", account(3), 0}));
    add("op_burn", "basic", encode_op(BurnOp{"SOLARCOOP", 10}));
    add("op_burn", "max", encode_op(BurnOp{"A.B-C", UINT64_MAX}));
    add("op_freeze", "account", encode_op(FreezeOp{FreezeTarget::account, account(1), "", 0}, true));
    add("op_freeze", "asset", encode_op(FreezeOp{FreezeTarget::asset, {}, "GONETTE", 0}, true));
    add("op_freeze", "holding_unfreeze",
        encode_op(FreezeOp{FreezeTarget::holding, account(2), "SOLARCOOP", 7}, false));
    add("op_forced_transfer", "court_order",
        encode_op(ForcedTransferOp{"SOLARCOOP", account(1), account(2), 5, filled(0x77)}));
    add("op_param_update", "block_max_txs", encode_op(ParamUpdateOp{"block_max_txs", 2000}));
    add("op_param_update", "tx_max_wait_blocks", encode_op(ParamUpdateOp{"tx_max_wait_blocks", 0}));
    ValidatorSetUpdateOp two;
    two.validators.validators = {Validator{"bank", pub(6), filled(0x22), 1}, Validator{"registrar", pub(7), filled(0x33), 3}};
    add("op_validator_set_update", "two", encode_op(two));
    add("op_key_set_update", "two_of_three",
        encode_op(KeySetUpdateOp{{{pub(8), 1}, {pub(9), 1}, {pub(10), 1}}, 2}));
    add("op_key_set_update", "weighted", encode_op(KeySetUpdateOp{{{pub(11), 3}, {pub(12), 1}}, 3}));
    return ops;
}

// ---- txs and blocks
// ---------------------------------------------------------------------------------------------

ChainId chain_id() {
    return crypto::sha256(as_bytes(std::string_view("fuzz chain")));
}

Tx make_tx(uint64_t signer, uint64_t nonce, std::vector<Op> ops, std::string memo = "",
           std::optional<std::string> client_ref = std::nullopt) {
    Tx tx;
    tx.chain_id = chain_id();
    tx.signer = account(signer);
    tx.nonce = nonce;
    tx.valid_until_height = 100 + nonce;
    tx.ops = std::move(ops);
    tx.memo = std::move(memo);
    tx.client_ref = std::move(client_ref);
    return tx;
}

TxPtr sign(Tx tx, std::vector<uint64_t> signers) {
    SignedTx stx{std::move(tx), {}};
    const Hash256 h = stx.tx.hash();
    for (uint64_t s : signers) stx.signatures.push_back({pub(s), sign_det(s, h)});
    return make_envelope(std::move(stx));
}

std::vector<TxPtr> sample_txs(const std::vector<NamedOp>& ops) {
    std::vector<TxPtr> txs;
    uint64_t nonce = 0;
    for (const auto& o : ops) {
        if (o.name != "basic" && o.name != "three" && o.name != "recovery" && o.name != "court_order")
            continue;
        txs.push_back(sign(make_tx(1, nonce++, {o.op}), {1}));
    }
    std::vector<Op> many;
    for (size_t i = 0; i < 6 && i < ops.size(); ++i) many.push_back(ops[i * 3 % ops.size()].op);
    txs.push_back(
        sign(make_tx(2, 7, many, "facture 2024-118 / virement SEPA", std::string("backend-42")), {2, 3}));
    txs.push_back(sign(make_tx(3, 0, {Op{0x0100, Bytes{1, 2, 3}}}, "contract op \xc3\xa9t\xc3\xa9"), {3}));
    return txs;
}

BlockHeader sample_header(Height height, const std::vector<TxPtr>& txs) {
    BlockHeader h;
    h.chain_id = chain_id();
    h.height = height;
    h.time_ms = 1700000000000 + height * 1000;
    h.prev_hash = filled(static_cast<uint8_t>(height));
    h.txs_root = txs_root(txs);
    h.results_root = filled(0x52);
    h.state_root = filled(0x53);
    h.validators_hash = filled(0x54);
    h.proposer = pub(100);
    return h;
}

// An Ed25519 point near `filled(b)` (genesis refuses P2P keys that are not points).
Hash256 p2p_point(uint8_t b) {
    Hash256 k = filled(b);
    for (uint8_t salt = 0; !crypto::is_valid_ed25519_pubkey(k); ++salt) k[1] = salt;
    return k;
}

ValidatorSet sample_validators(size_t n) {
    ValidatorSet set;
    for (size_t i = 0; i < n; ++i) {
        set.validators.push_back(
            {"validator-" + std::to_string(i), pub(100 + i), p2p_point(static_cast<uint8_t>(0x30 + i)), 10 + i});
    }
    return set;
}

void write_chain_objects(const std::vector<NamedOp>& ops) {
    for (const auto& o : ops) write(o.target, o.name, o.op.payload);

    const std::vector<TxPtr> txs = sample_txs(ops);
    for (size_t i = 0; i < txs.size(); ++i) {
        FUZZ_CHECK(decode_signed_tx(txs[i]->bytes).ok());
        write("tx", "signed_" + std::to_string(i), txs[i]->bytes);
        if (i % 2 == 0) {
            const Bytes unsigned_tx = txs[i]->signed_tx.tx.encode();
            FUZZ_CHECK(decode_tx(unsigned_tx).ok());
            write("tx", "unsigned_" + std::to_string(i), unsigned_tx);
        }
    }

    for (size_t n : {size_t{0}, size_t{1}, size_t{3}, txs.size()}) {
        Block block;
        block.txs.assign(txs.begin(), txs.begin() + static_cast<std::ptrdiff_t>(n));
        block.header = sample_header(n + 1, block.txs);
        FUZZ_CHECK(Block::decode_body(block.encode_body()).ok());
        FUZZ_CHECK(BlockHeader::decode(block.header.encode()).ok());
        write("block_body", "txs_" + std::to_string(n), block.encode_body());
        write("block_header", "height_" + std::to_string(n + 1), block.header.encode());
    }

    const BlockHeader header = sample_header(5, {});
    for (size_t signers : {size_t{0}, size_t{1}, size_t{3}}) {
        CommitCertificate cert{header.height, static_cast<uint32_t>(signers), header.hash(), {}};
        const Hash256 msg =
            vote_sign_hash(chain_id(), cert.height, cert.round, VoteType::precommit, cert.block_hash);
        for (size_t i = 0; i < signers; ++i) {
            cert.signatures.push_back({static_cast<uint16_t>(i * 2), sign_det(100 + i * 2, msg)});
        }
        FUZZ_CHECK(CommitCertificate::decode(cert.encode()).ok());
        write("commit_certificate", "signers_" + std::to_string(signers), cert.encode());
    }

    for (size_t n : {size_t{0}, size_t{1}, size_t{4}}) {
        const ValidatorSet set = sample_validators(n);
        FUZZ_CHECK(ValidatorSet::decode(set.encode()).ok());
        write("validator_set", "validators_" + std::to_string(n), set.encode());
    }
}

// ---- contracts
// ------------------------------------------------------------------------------------------------------

void write_pro_rata_cursors() {
    contracts::ProRataCursor started = contracts::pro_rata_start(2);
    started.last_account = account(3);
    started.cumulative_units = 1000;
    started.paid = {333, 12};
    const std::vector<std::pair<std::string, contracts::ProRataCursor>> cursors = {
        {"start_1", contracts::pro_rata_start(1)},
        {"start_4", contracts::pro_rata_start(4)},
        {"started_2", started},
    };
    for (const auto& [name, cursor] : cursors) {
        FUZZ_CHECK(contracts::ProRataCursor::decode(cursor.encode()).ok());
        write("pro_rata_cursor", name, cursor.encode());
    }
}

// ---- p2p frames
// ------------------------------------------------------------------------------------------------------

void write_p2p_frames(const std::vector<NamedOp>& ops) {
    const std::vector<TxPtr> txs = sample_txs(ops);
    Block block;
    block.txs.assign(txs.begin(), txs.begin() + 3);
    block.header = sample_header(7, block.txs);
    const BlockHash hash = block.header.hash();
    const Signature proposal_sig = sign_det(101, proposal_sign_hash(chain_id(), 7, 2, 1, hash));
    const Signature vote_sig = sign_det(103, vote_sign_hash(chain_id(), 7, 2, VoteType::prevote, hash));
    const Signature nil_sig =
        sign_det(100, vote_sign_hash(chain_id(), 7, 3, VoteType::precommit, BlockHash{}));
    const consensus::Proposal proposal{7, 2, 1, hash, 1, proposal_sig};
    const consensus::Vote vote{7, 2, VoteType::prevote, hash, 3, vote_sig};
    const consensus::Vote nil_vote{7, 3, VoteType::precommit, BlockHash{}, 0, nil_sig};
    CommitCertificate commit{7, 2, hash, {}};
    for (uint16_t i : {uint16_t{0}, uint16_t{1}, uint16_t{3}}) {
        commit.signatures.push_back(
            {i, sign_det(100 + i, vote_sign_hash(chain_id(), 7, 2, VoteType::precommit, hash))});
    }
    const std::vector<std::pair<std::string, p2p::Message>> frames = {
        {"hello", p2p::Hello{chain_id(), p2p::kProtocolVersion, p2p::NodeRole::validator, 6}},
        {"hello_observer", p2p::Hello{chain_id(), p2p::kProtocolVersion, p2p::NodeRole::observer, 0}},
        {"status", p2p::StatusMessage{6, filled(0x42), Bytes{0, 0, 0, 2, 1}}},
        {"txs", p2p::TxsMessage{txs}},
        {"proposal", p2p::ProposalMessage{proposal, block}},
        {"vote", p2p::VoteMessage{vote}},
        {"vote_nil", p2p::VoteMessage{nil_vote}},
        {"block_request", p2p::BlockRequest{1, p2p::kMaxBlocksPerRequest}},
        {"block_response", p2p::BlockResponse{block, commit}},
    };
    for (const auto& [name, message] : frames) {
        const Bytes frame = p2p::encode_frame(message);
        FUZZ_CHECK(p2p::decode_frame(frame, p2p::kDefaultMaxMessageBytes).ok());
        write("p2p_frame", name, frame);
    }
}

// ---- state
// ------------------------------------------------------------------------------------------------------

void write_state_proofs() {
    StateTree tree;
    std::vector<StateUpdate> updates;
    for (uint64_t i = 0; i < 40; ++i) {
        updates.push_back(
            {crypto::tags::state_key()(state_key::account(account(i))), crypto::sha256(Bytes{uint8_t(i)})});
    }
    tree.apply(1, updates);
    auto add = [&](const std::string& name, const Hash256& key_hash) {
        auto proof = tree.prove(1, key_hash);
        FUZZ_CHECK(proof.has_value());
        FUZZ_CHECK(StateProof::decode(proof->encode()).has_value());
        write("state_proof", name, proof->encode());
    };
    for (size_t i : {size_t{0}, size_t{7}, size_t{39}})
        add("inclusion_" + std::to_string(i), updates[i].key_hash);
    for (uint64_t i : {uint64_t{1000}, uint64_t{1001}, uint64_t{1002}}) {
        add("absent_" + std::to_string(i), crypto::tags::state_key()(state_key::account(account(i))));
    }
    StateTree empty;
    {
        auto proof = empty.prove(0, filled(0xab));
        FUZZ_CHECK(proof.has_value());
        write("state_proof", "empty_tree", proof->encode());
    }
}

Bytes prefixed(uint8_t kind, const Bytes& record) {
    Bytes out(record.size() + 1);
    out[0] = kind;
    std::copy(record.begin(), record.end(), out.begin() + 1);
    return out;
}

void write_state_records() {
    Account plain;
    plain.keys = {pub(1)};
    write("state_record", "account_plain", prefixed(0, plain.encode()));
    Account kyc;
    kyc.keys = {pub(2), pub(3), pub(4)};
    kyc.threshold = 2;
    kyc.roles = role_bit(Role::registrar) | role_bit(Role::issuer);
    kyc.nonce = 41;
    kyc.frozen = true;
    kyc.kyc = Kyc{2, "professional", 4102444800000, filled(0x9f), account(1), 12};
    write("state_record", "account_kyc", prefixed(0, kyc.encode()));

    Asset asset;
    asset.id = 1;
    asset.symbol = "GONETTE";
    asset.asset_class = AssetClass::currency;
    asset.decimals = 2;
    asset.max_supply = 1000000000;
    asset.supply = 2500000;
    asset.holders = 3;
    asset.issuer = account(5);
    asset.policy = Policy::class_default(AssetClass::currency);
    write("state_record", "asset_currency", prefixed(1, asset.encode()));
    asset.id = 70000;
    asset.symbol = "SOLARCOOP";
    asset.asset_class = AssetClass::equity;
    asset.frozen = true;
    asset.policy = Policy{2, 150, false};
    asset.metadata_hash = filled(0x33);
    asset.created_height = 99;
    write("state_record", "asset_equity_frozen", prefixed(1, asset.encode()));

    write("state_record", "balance_plain", prefixed(2, Balance{1250, 0, 0}.encode()));
    write("state_record", "balance_locked_frozen", prefixed(2, Balance{UINT64_MAX, 10, 20}.encode()));
    write("state_record", "policy_default", prefixed(3, Policy{}.encode()));
    write("state_record", "policy_closed", prefixed(3, Policy{3, 99, false}.encode()));
}

// ---- JSON inputs
// ------------------------------------------------------------------------------------------------

std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

void write_genesis(const fs::path& source_dir) {
    const std::string dev = read_file(source_dir / "genesis" / "dev.json");
    FUZZ_CHECK(parse_genesis(dev).ok());
    write_text("genesis_json", "dev", dev);

    Genesis g;
    g.chain_name = "fuzz";
    g.genesis_time_ms = 1700000000000;
    g.validators = sample_validators(2);
    g.accounts.push_back({"registrar", pub(1), role_bit(Role::registrar), std::nullopt});
    write_text("genesis_json", "minimal", g.to_json());
    g.accounts.push_back(
        {"issuer", pub(2), role_bit(Role::issuer) | role_bit(Role::operator_), std::nullopt});
    g.accounts.push_back({"alice", pub(3), 0, Kyc{1, "retail", 4102444800000, filled(0x21), {}, 0}});
    GenesisAsset a;
    a.symbol = "SOLARCOOP";
    a.asset_class = AssetClass::equity;
    a.decimals = 3;
    a.max_supply = 1000000;
    a.issuer = pub(2);
    a.policy = Policy{1, 10, true};
    a.balances = {{pub(3), 1500}, {pub(2), 1}};
    g.assets.push_back(a);
    g.params = {{"block_max_txs", 100}};
    FUZZ_CHECK(parse_genesis(g.to_json()).ok());
    write_text("genesis_json", "full", g.to_json());
}

void write_op_json(const std::vector<NamedOp>& ops) {
    for (const auto& o : ops) {
        auto j = op_to_json(o.op, fuzz::decimals_of, fuzz::registry());
        FUZZ_CHECK(j.ok());
        FUZZ_CHECK(op_from_json(*j, fuzz::decimals_of, fuzz::registry()).ok());
        write_text("op_json", o.target.substr(3) + "_" + o.name, j->dump());
    }
    write_text("op_json", "unknown_op", R"({"op":"mint_units","asset":"X"})");
    write_text("op_json", "freeze_amount_without_asset", R"({"op":"freeze","account":"x","amount":"1"})");
}

void write_rpc_requests() {
    const std::vector<std::pair<std::string, std::string>> requests = {
        {"echo", R"({"jsonrpc":"2.0","id":1,"method":"echo","params":{"text":"hello"}})"},
        {"echo_positional", R"({"jsonrpc":"2.0","id":"a","method":"echo","params":["hi"]})"},
        {"typed_all",
         R"({"jsonrpc":"2.0","id":2,"method":"typed","params":{"i":-3,"u":7,"x":1.5,"b":true,"o":{"k":1},"a":[1,2],"any":null,"mode":"beta"}})"},
        {"typed_out_of_bounds", R"({"jsonrpc":"2.0","id":3,"method":"typed","params":{"i":11,"u":-1}})"},
        {"typed_positional",
         R"({"jsonrpc":"2.0","id":4,"method":"typed","params":[1,2,3.5,false,{},[],"x","alpha"]})"},
        {"notification", R"({"jsonrpc":"2.0","method":"echo","params":{"text":"quiet"}})"},
        {"batch",
         R"([{"jsonrpc":"2.0","id":1,"method":"echo"},{"jsonrpc":"2.0","method":"fails"},{"jsonrpc":"2.0","id":null,"method":"admin_only"}])"},
        {"batch_notifications", R"([{"jsonrpc":"2.0","method":"echo"},{"jsonrpc":"2.0","method":"twice"}])"},
        {"batch_over_limit", R"([1,2,3,4,5,6,7,8,9])"},
        {"empty_batch", "[]"},
        {"scopes",
         R"([{"jsonrpc":"2.0","id":1,"method":"submit_only"},{"jsonrpc":"2.0","id":2,"method":"ws_only"}])"},
        {"handler_failures",
         R"([{"jsonrpc":"2.0","id":1,"method":"throws"},{"jsonrpc":"2.0","id":2,"method":"drops"},{"jsonrpc":"2.0","id":3,"method":"twice","params":{}}])"},
        {"unknown_method", R"({"jsonrpc":"2.0","id":9,"method":"nope"})"},
        {"bad_version", R"({"jsonrpc":"1.0","id":9,"method":"echo"})"},
        {"bad_id", R"({"jsonrpc":"2.0","id":{},"method":"echo"})"},
        {"deep", std::string(40, '[') + std::string(40, ']')},
        {"brackets_in_strings", R"({"jsonrpc":"2.0","id":"[[[","method":"echo","params":{"text":"]]\"{"}})"},
        {"not_json", "{\"jsonrpc\":"},
    };
    for (const auto& [name, text] : requests) write_text("rpc_request", name, text);
}

void write_keystore_files() {
    const fs::path dir = fs::temp_directory_path() / ("folio-fuzz-corpus-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    auto ks = keys::Keystore::open(dir.string(), true);
    FUZZ_CHECK(ks.ok());
    const keys::ScryptParams cheap{keys::kMinScryptN, 8, 1};
    FUZZ_CHECK(ks->import("fuzz", key(1), "fuzz-password", cheap).ok());
    FUZZ_CHECK(ks->unlock("fuzz", "fuzz-password").ok());
    const std::string file = read_file(ks->key_path("fuzz"));
    write_text("keystore_file", "valid", file);
    nlohmann::json doc = nlohmann::json::parse(file);
    doc["version"] = 2;
    write_text("keystore_file", "version_2", doc.dump(2));
    doc["version"] = 1;
    doc["kdf"]["n"] = uint64_t{1} << 30;
    write_text("keystore_file", "scrypt_too_costly", doc.dump(2));
    fs::remove_all(dir);
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: %s CORPUS_DIR   (tests/fuzz/corpus)\n", argv[0]);
        return 2;
    }
    g_root = argv[1];
    const fs::path source_dir = fs::absolute(g_root).parent_path().parent_path().parent_path();
    const std::vector<NamedOp> ops = sample_ops();
    write_chain_objects(ops);
    write_p2p_frames(ops);
    write_pro_rata_cursors();
    write_state_proofs();
    write_state_records();
    write_genesis(source_dir);
    write_op_json(ops);
    write_rpc_requests();
    write_keystore_files();
    std::printf("%zu corpus files written under %s\n", g_files, g_root.c_str());
    return 0;
}
