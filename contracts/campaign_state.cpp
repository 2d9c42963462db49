#include "contracts/campaign_state.h"

#include <array>
#include <cstdio>
#include <cstdlib>

namespace folio::contracts {
namespace {

constexpr std::array<std::string_view, 3> kStatusNames = {"open", "succeeded", "failed"};

Bytes key(uint8_t kind, size_t reserve) {
    Bytes k;
    k.reserve(2 + reserve);
    k.push_back(kCampaignPrefix);
    k.push_back(kind);
    return k;
}

void append_be(Bytes& k, uint64_t v, int width) {
    for (int i = width - 1; i >= 0; --i) k.push_back(static_cast<uint8_t>(v >> (8 * i)));
}

[[noreturn]] void corrupt(const char* what) {
    std::fprintf(stderr, "fatal: stored %s does not decode\n", what);
    std::abort();
}

}  // namespace

std::string_view campaign_status_name(CampaignStatus status) {
    return kStatusNames.at(static_cast<size_t>(status));
}

bool campaign_status_from_name(std::string_view name, CampaignStatus& out) {
    for (size_t i = 0; i < kStatusNames.size(); ++i) {
        if (kStatusNames[i] == name) {
            out = static_cast<CampaignStatus>(i);
            return true;
        }
    }
    return false;
}

void CampaignTerms::encode(Writer& w) const {
    w.str(asset);
    w.str(currency);
    w.u64(price);
    w.u64(target);
    w.u64(cap);
    w.u64(min_ticket);
    w.u64(max_ticket);
    w.u64(deadline_ms);
    w.fixed_bytes(terms_hash);
}

bool CampaignTerms::decode(Reader& r) {
    if (!(r.str("asset", kMaxSymbolLength, asset) && r.str("currency", kMaxSymbolLength, currency) &&
          r.u64("price", price) && r.u64("target", target) && r.u64("cap", cap) &&
          r.u64("min_ticket", min_ticket) && r.u64("max_ticket", max_ticket) &&
          r.u64("deadline_ms", deadline_ms) && r.fixed_bytes("terms_hash", terms_hash))) {
        return false;
    }
    if ((!asset.empty() && !is_valid_symbol(asset)) || !is_valid_symbol(currency)) {
        return r.fail("asset", "not an asset symbol");
    }
    return true;
}

Bytes Campaign::encode() const {
    Writer w(256);
    w.u8(1);
    w.fixed_bytes(issuer);
    terms.encode(w);
    w.u64(created_ms);
    w.u64(created_height);
    w.u8(static_cast<uint8_t>(status));
    w.u64(raised);
    w.u64(units);
    w.u32(subscribers);
    w.u32(new_holders);
    w.u32(cursor);
    w.u64(settled);
    return w.take();
}

bool Campaign::decode(ByteView data, Campaign& out) {
    Reader r(data);
    Campaign c;
    uint8_t status = 0;
    if (!(r.version("campaign version", 1) && r.fixed_bytes("issuer", c.issuer) && c.terms.decode(r) &&
          r.u64("created_ms", c.created_ms) && r.u64("created_height", c.created_height) &&
          r.u8("status", status) && r.u64("raised", c.raised) && r.u64("units", c.units) &&
          r.u32("subscribers", c.subscribers) && r.u32("new_holders", c.new_holders) &&
          r.u32("cursor", c.cursor) && r.u64("settled", c.settled) && r.finish())) {
        return false;
    }
    if (status >= kStatusNames.size()) return false;
    c.status = static_cast<CampaignStatus>(status);
    if (c.cursor > c.subscribers || c.settled > c.raised ||
        (c.status == CampaignStatus::open && c.cursor != 0)) {
        return false;
    }
    out = std::move(c);
    return true;
}

Bytes Subscription::encode() const {
    Writer w(64);
    w.u8(1);
    w.fixed_bytes(account);
    w.u64(amount);
    w.u64(subscribed_ms);
    w.boolean(new_holder);
    return w.take();
}

bool Subscription::decode(ByteView data, Subscription& out) {
    Reader r(data);
    Subscription s;
    if (!(r.version("subscription version", 1) && r.fixed_bytes("account", s.account) &&
          r.u64("amount", s.amount) && r.u64("subscribed_ms", s.subscribed_ms) &&
          r.boolean("new_holder", s.new_holder) && r.finish())) {
        return false;
    }
    if (s.amount == 0) return false;
    out = s;
    return true;
}

namespace campaign_key {
Bytes campaign(const InstrumentId& id) {
    Bytes k = key('c', id.size());
    k.insert(k.end(), id.begin(), id.end());
    return k;
}
Bytes slot(const InstrumentId& id, uint32_t slot) {
    Bytes k = key('s', id.size() + 4);
    k.insert(k.end(), id.begin(), id.end());
    append_be(k, slot, 4);
    return k;
}
Bytes investor(const InstrumentId& id, const AccountId& account) {
    Bytes k = key('a', id.size() + account.size());
    k.insert(k.end(), id.begin(), id.end());
    k.insert(k.end(), account.begin(), account.end());
    return k;
}
Bytes count() {
    return key('n', 0);
}
Bytes sequence(uint64_t n) {
    Bytes k = key('l', 8);
    append_be(k, n, 8);
    return k;
}
}  // namespace campaign_key

std::optional<Campaign> read_campaign(const StateView& view, const InstrumentId& id) {
    Bytes value;
    if (!view.get(campaign_key::campaign(id), value)) return std::nullopt;
    Campaign c;
    if (!Campaign::decode(value, c)) corrupt("campaign");
    return c;
}

std::optional<Subscription> read_subscription(const StateView& view, const InstrumentId& id, uint32_t slot) {
    Bytes value;
    if (!view.get(campaign_key::slot(id, slot), value)) return std::nullopt;
    Subscription s;
    if (!Subscription::decode(value, s)) corrupt("campaign subscription");
    return s;
}

std::optional<uint32_t> read_investor_slot(const StateView& view, const InstrumentId& id,
                                           const AccountId& account) {
    Bytes value;
    if (!view.get(campaign_key::investor(id, account), value)) return std::nullopt;
    Reader r(value);
    uint32_t slot = 0;
    if (!(r.u32("slot", slot) && r.finish())) corrupt("campaign investor slot");
    return slot;
}

uint64_t read_campaign_count(const StateView& view) {
    Bytes value;
    if (!view.get(campaign_key::count(), value)) return 0;
    Reader r(value);
    uint64_t n = 0;
    if (!(r.u64("count", n) && r.finish())) corrupt("campaign count");
    return n;
}

std::optional<InstrumentId> read_campaign_at(const StateView& view, uint64_t sequence) {
    Bytes value;
    if (!view.get(campaign_key::sequence(sequence), value)) return std::nullopt;
    Reader r(value);
    InstrumentId id{};
    if (!(r.fixed_bytes("id", id) && r.finish())) corrupt("campaign sequence");
    return id;
}

}  // namespace folio::contracts
