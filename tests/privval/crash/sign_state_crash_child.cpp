// The signer half of the sign-state crash test (tests/privval/sign_state_crash_test.cpp): a validator's
// FileSigner and SafetyStateFile in DIR, asked to sign a seeded stream of proposals and votes the way a
// restarted engine asks (sometimes again at the position it last signed, with the same bytes or with other
// bytes), each signed message persisted before it is "sent" (appended to DIR/sent.log). The test kills it
// with SIGKILL at random moments; every run starts from whatever safety state survived.
//
//   sign_state_crash_child DIR SEED RUN
//
// Exit status 1 with one line on stderr if something fails, 2 for bad arguments; it never ends by itself
// before it has signed kMaxMessages messages.
#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>

#include "node/privval/file_signer.h"
#include "node/privval/safety_state_file.h"
#include "tests/privval/crash/sent_log.h"

namespace {

using namespace folio;
using consensus::SignPosition;
using consensus::Step;

constexpr int kMaxMessages = 100000;

bool parse_u64(const char* text, uint64_t& out) {
    if (!text || !*text) return false;
    char* end = nullptr;
    out = std::strtoull(text, &end, 10);
    return end && *end == '\0';
}

int fail(const std::string& what) {
    std::fprintf(stderr, "sign_state_crash_child: %s\n", what.c_str());
    return 1;
}

// A child killed in the middle of its write(2) leaves the last line cut short; the next line must not be
// glued to it.
bool end_torn_line(int fd) {
    const off_t size = ::lseek(fd, 0, SEEK_END);
    if (size <= 0) return size == 0;
    char last = 0;
    if (::pread(fd, &last, 1, size - 1) != 1) return false;
    return last == '\n' || ::write(fd, "\n", 1) == 1;
}

// The next position a live engine could ask for: the same one again (a re-send after a restart), the next
// step, a later round or the next height.
SignPosition next_position(const SignPosition& last, std::mt19937_64& rng) {
    const uint64_t pick = rng() % 10;
    if (pick < 3) return last;
    SignPosition p = last;
    if (pick < 7 && p.step != Step::precommit) {
        p.step = static_cast<Step>(static_cast<int>(p.step) + 1);
    } else if (pick < 9) {
        p.round += 1;
        p.step = rng() % 2 ? Step::propose : Step::prevote;
    } else {
        p.height += 1;
        p.round = 0;
        p.step = Step::propose;
    }
    return p;
}

}  // namespace

int main(int argc, char** argv) {
    uint64_t seed = 0, run = 0;
    if (argc != 4 || !parse_u64(argv[2], seed) || !parse_u64(argv[3], run)) {
        std::fprintf(stderr, "usage: sign_state_crash_child DIR SEED RUN\n");
        return 2;
    }
    const std::string dir = argv[1];
    const ChainId chain_id = privval::test::crash_chain_id();
    auto file = privval::SafetyStateFile::open(dir + "/" + privval::kSafetyStateFileName, chain_id);
    if (!file) return fail(file.error().message);
    consensus::SafetyState state = file->state().value_or(consensus::SafetyState{});
    auto key = crypto::SecretKey::from_bytes(privval::test::crash_key_bytes());
    if (!key) return fail("bad test key");
    privval::FileSigner signer(std::move(*key), consensus::last_signed_record(state, chain_id));

    const int sent_fd = ::open((dir + "/" + privval::test::kSentLogName).c_str(),
                               O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (sent_fd < 0) return fail("cannot open sent.log");
    if (!end_torn_line(sent_fd)) return fail("cannot end the torn last line of sent.log");

    std::mt19937_64 rng(seed ^ (run * 0x9E3779B97F4A7C15ull));
    SignPosition position = state.last_signed_position().value_or(SignPosition{1, 0, Step::propose});
    for (int i = 0; i < kMaxMessages; ++i) {
        if (i > 0 || state.last_signed_position()) position = next_position(position, rng);
        // Again at the last position: half the time the bytes already signed there, half the time others.
        BlockHash block{};
        const auto last = consensus::last_signed_record(state, chain_id);
        const bool repeat = last && last->position == position && rng() % 2 == 0;
        if (!repeat)
            for (auto& b : block) b = static_cast<uint8_t>(rng());
        consensus::SignedMessage message;
        Hash256 sign_hash{};
        if (repeat) {
            message = state.last_signed;
            sign_hash = last->sign_hash;
        } else if (position.step == Step::propose) {
            consensus::Proposal p{position.height, position.round, consensus::kNoRound, block, 0, {}};
            sign_hash = p.sign_hash(chain_id);
            message = p;
        } else {
            consensus::Vote v{position.height,
                              position.round,
                              position.step == Step::prevote ? VoteType::prevote : VoteType::precommit,
                              block,
                              0,
                              {}};
            sign_hash = v.sign_hash(chain_id);
            message = v;
        }
        auto signature = signer.sign(position, sign_hash);
        if (!signature) continue;  // refused: a correct engine stays silent and moves on
        std::visit(
            [&](auto& m) {
                if constexpr (!std::is_same_v<std::decay_t<decltype(m)>, std::monostate>)
                    m.signature = *signature;
            },
            message);
        consensus::SafetyState next = state;
        next.height = position.height;
        next.round = position.round;
        next.step = position.step;
        next.last_signed = message;
        next.earlier_in_round.clear();
        if (Status s = file->persist(next); !s) return fail("persist: " + s.error().message);
        state = next;
        const std::string line = privval::test::format_sent({position, sign_hash, *signature});
        if (::write(sent_fd, line.data(), line.size()) != static_cast<ssize_t>(line.size()))
            return fail("write sent.log");
    }
    return 0;
}
