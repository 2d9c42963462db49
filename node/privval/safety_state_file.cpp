#include "node/privval/safety_state_file.h"

#include "chain/encoding.h"
#include "keys/file_io.h"
#include "node/privval/sealed_file.h"

namespace folio::privval {
namespace {

constexpr std::string_view kMagic = "FOLIOSAF";
constexpr uint8_t kFileVersion = 1;
// The largest SafetyState: a polka of kMaxValidators votes and three signed messages, with room to spare.
constexpr size_t kMaxFileBytes = 1 << 20;

std::string position_text(const std::optional<consensus::SignPosition>& p) {
    if (!p) return "nothing signed";
    return "height " + std::to_string(p->height) + " round " + std::to_string(p->round) + " " +
           consensus::step_name(p->step);
}

}  // namespace

Bytes SafetyStateFile::encode_file(const consensus::SafetyState& state, const ChainId& chain_id) {
    const Bytes safety = state.encode();
    Writer w(4 + safety.size());
    w.u32(static_cast<uint32_t>(safety.size()));
    w.raw(safety);
    return seal_file(kMagic, kFileVersion, chain_id, w.data());
}

Result<consensus::SafetyState> SafetyStateFile::decode_file(ByteView data, const ChainId& chain_id) {
    auto content = unseal_file(data, kMagic, kFileVersion, chain_id, "safety-state");
    if (!content) return content.error();
    Reader r(*content);
    uint32_t length = 0;
    ByteView safety;
    if (!r.u32("length", length) || !r.raw("safety", length, safety) || !r.finish())
        return make_error(Reason::CORRUPTION, r.error());
    auto state = consensus::SafetyState::decode(safety);
    if (!state) return make_error(Reason::CORRUPTION, state.error().message);
    return state;
}

Result<SafetyStateFile> SafetyStateFile::open(std::string path, const ChainId& chain_id) {
    auto content = keys::read_file_bounded(path, kMaxFileBytes);
    if (!content) {
        if (content.error().reason == Reason::NOT_FOUND)
            return SafetyStateFile(std::move(path), chain_id, {});
        return make_error(content.error().reason == Reason::TOO_LARGE ? Reason::CORRUPTION : Reason::IO_ERROR,
                          content.error().message);
    }
    auto state = decode_file(as_bytes(*content), chain_id);
    if (!state) {
        return make_error(Reason::CORRUPTION,
                          path + ": " + state.error().message +
                              "; a validator must not start without knowing what it signed");
    }
    return SafetyStateFile(std::move(path), chain_id, std::move(state).value());
}

Status SafetyStateFile::persist(const consensus::SafetyState& state) {
    if (state_ && state.last_signed_position() < state_->last_signed_position()) {
        return make_error(Reason::INTERNAL, "safety state would move back from " +
                                                position_text(state_->last_signed_position()) + " to " +
                                                position_text(state.last_signed_position()));
    }
    const Bytes file = encode_file(state, chain_id_);
    const std::string_view content(reinterpret_cast<const char*>(file.data()), file.size());
    if (Status s = keys::write_file_atomic(path_, content, 0600); !s) return s;
    state_ = state;
    ++writes_;
    return {};
}

Status check_not_behind_chain(const std::optional<consensus::SafetyState>& state, const std::string& path,
                              const CommitCertificate& head_cert, std::optional<uint16_t> own_index) {
    if (!own_index) return {};
    bool signed_it = false;
    for (const auto& sig : head_cert.signatures) signed_it |= sig.validator_index == *own_index;
    if (!signed_it) return {};
    const consensus::SignPosition precommit{head_cert.height, head_cert.round, consensus::Step::precommit};
    const auto last = state ? state->last_signed_position() : std::nullopt;
    if (last && *last >= precommit) return {};
    return make_error(
        Reason::NOT_AUTHORIZED,
        "refusing to start: block " + std::to_string(head_cert.height) +
            "'s certificate carries this validator's precommit of round " + std::to_string(head_cert.round) +
            ", but " + path + " says " + position_text(last) +
            ". The safety state is older than what this validator signed (restored from a backup, "
            "or the data dir copied to another machine?): signing from it could equivocate. Put "
            "back the newest consensus-safety.bin of this validator, and never run two copies of "
            "one validator key.");
}

}  // namespace folio::privval
