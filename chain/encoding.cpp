#include "chain/encoding.h"

namespace folio {

void Writer::varint(uint64_t v) {
    while (v >= 0x80) {
        out_.push_back(static_cast<uint8_t>(v | 0x80));
        v >>= 7;
    }
    out_.push_back(static_cast<uint8_t>(v));
}

void Writer::bytes(ByteView data) {
    varint(data.size());
    raw(data);
}

size_t varint_size(uint64_t v) {
    size_t n = 1;
    while (v >= 0x80) {
        v >>= 7;
        ++n;
    }
    return n;
}

bool Reader::fail(const char* field, std::string_view why) {
    if (error_.empty()) {
        error_ = std::string(field) + " at offset " + std::to_string(pos_) + ": " + std::string(why);
    }
    return false;
}

bool Reader::take(const char* field, size_t n, const uint8_t*& p) {
    if (!ok()) return false;
    if (n > remaining()) {
        return fail(field, "truncated (need " + std::to_string(n) + " bytes, " + std::to_string(remaining()) +
                               " left)");
    }
    p = data_.data() + pos_;
    pos_ += n;
    return true;
}

bool Reader::u8(const char* field, uint8_t& v) {
    const uint8_t* p;
    if (!take(field, 1, p)) return false;
    v = p[0];
    return true;
}

bool Reader::u16(const char* field, uint16_t& v) {
    const uint8_t* p;
    if (!take(field, 2, p)) return false;
    v = static_cast<uint16_t>(p[0] | p[1] << 8);
    return true;
}

bool Reader::u32(const char* field, uint32_t& v) {
    const uint8_t* p;
    if (!take(field, 4, p)) return false;
    v = 0;
    for (int i = 3; i >= 0; --i) v = v << 8 | p[i];
    return true;
}

bool Reader::u64(const char* field, uint64_t& v) {
    const uint8_t* p;
    if (!take(field, 8, p)) return false;
    v = 0;
    for (int i = 7; i >= 0; --i) v = v << 8 | p[i];
    return true;
}

bool Reader::varint(const char* field, uint64_t& v) {
    if (!ok()) return false;
    const size_t start = pos_;
    uint64_t result = 0;
    for (int i = 0; i < 10; ++i) {
        if (pos_ >= data_.size()) {
            pos_ = start;
            return fail(field, "truncated varint");
        }
        const uint8_t b = data_[pos_++];
        const uint64_t group = b & 0x7f;
        if (i == 9 && b > 0x01) {
            pos_ = start;
            return fail(field, "varint exceeds 64 bits");
        }
        result |= group << (7 * i);
        if ((b & 0x80) == 0) {
            if (b == 0 && i > 0) {
                pos_ = start;
                return fail(field, "non-minimal varint");
            }
            v = result;
            return true;
        }
    }
    pos_ = start;
    return fail(field, "varint longer than 10 bytes");
}

bool Reader::varint_max(const char* field, uint64_t max, uint64_t& v) {
    uint64_t x = 0;
    if (!varint(field, x)) return false;
    if (x > max) return fail(field, std::to_string(x) + " exceeds the bound " + std::to_string(max));
    v = x;
    return true;
}

bool Reader::boolean(const char* field, bool& v) {
    uint8_t b;
    if (!u8(field, b)) return false;
    if (b > 1) return fail(field, "boolean must be 0 or 1");
    v = b == 1;
    return true;
}

bool Reader::raw(const char* field, size_t len, ByteView& out) {
    const uint8_t* p;
    if (!take(field, len, p)) return false;
    out = ByteView(p, len);
    return true;
}

bool Reader::bytes(const char* field, size_t max_len, Bytes& out) {
    uint64_t len;
    if (!varint_max(field, max_len, len)) return false;
    ByteView v;
    if (!raw(field, len, v)) return false;
    out.assign(v.begin(), v.end());
    return true;
}

bool Reader::str(const char* field, size_t max_len, std::string& out) {
    uint64_t len;
    if (!varint_max(field, max_len, len)) return false;
    ByteView v;
    if (!raw(field, len, v)) return false;
    out.assign(reinterpret_cast<const char*>(v.data()), v.size());
    return true;
}

bool Reader::version(const char* what, uint8_t expected) {
    uint8_t v;
    if (!u8(what, v)) return false;
    if (v != expected) {
        --pos_;
        return fail(what, "unknown version " + std::to_string(v) + " (expected " + std::to_string(expected) + ")");
    }
    return true;
}

bool Reader::finish() {
    if (!ok()) return false;
    if (remaining() != 0) return fail("end", std::to_string(remaining()) + " trailing bytes");
    return true;
}

}  // namespace folio
