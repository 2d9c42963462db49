// Canonical binary encoding: everything that is hashed or signed is written with these primitives, and each
// value has exactly one encoding.
//
//   fixedN   := N/8 bytes, little-endian                  (u8, u16, u32, u64)
//   varint   := unsigned LEB128, minimal (no trailing 0x80 groups, no 0x00 high group), at most 10 bytes, < 2^64
//   bytes    := varint(len) byte[len]                     (len checked against the caller's bound)
//   fixed[N] := byte[N]                                   (hashes, keys, ids)
//   struct   := u8 version, fields...                     (the decoder refuses versions it does not know)
//
// A Reader never throws: the first failure is remembered with what was being read and at which offset, every
// later read fails, and finish() also refuses trailing bytes. Callers check ok() once at the end.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "chain/bytes.h"

namespace folio {

class Writer {
public:
    Writer() = default;
    explicit Writer(size_t reserve) { out_.reserve(reserve); }

    void u8(uint8_t v) { out_.push_back(v); }
    void u16(uint16_t v) { fixed(v, 2); }
    void u32(uint32_t v) { fixed(v, 4); }
    void u64(uint64_t v) { fixed(v, 8); }
    void varint(uint64_t v);
    void boolean(bool v) { u8(v ? 1 : 0); }
    // Length-prefixed bytes.
    void bytes(ByteView data);
    void str(std::string_view s) { bytes(as_bytes(s)); }
    // Raw bytes with no length: for fixed-size fields whose size the grammar states.
    void raw(ByteView data) { out_.insert(out_.end(), data.begin(), data.end()); }
    template <size_t N>
    void fixed_bytes(const std::array<uint8_t, N>& a) { raw(a); }

    const Bytes& data() const { return out_; }
    Bytes take() { return std::move(out_); }
    size_t size() const { return out_.size(); }

private:
    void fixed(uint64_t v, int width) {
        for (int i = 0; i < width; ++i) out_.push_back(static_cast<uint8_t>(v >> (8 * i)));
    }
    Bytes out_;
};

class Reader {
public:
    explicit Reader(ByteView data) : data_(data) {}
    // A Reader only views its input: refuse temporaries that would dangle.
    explicit Reader(Bytes&&) = delete;

    // Each read names the field, so that an error says what failed and where. All return false once failed.
    bool u8(const char* field, uint8_t& v);
    bool u16(const char* field, uint16_t& v);
    bool u32(const char* field, uint32_t& v);
    bool u64(const char* field, uint64_t& v);
    bool varint(const char* field, uint64_t& v);
    // A varint that must not exceed max (a count or length bound).
    bool varint_max(const char* field, uint64_t max, uint64_t& v);
    bool boolean(const char* field, bool& v);
    bool bytes(const char* field, size_t max_len, Bytes& out);
    bool str(const char* field, size_t max_len, std::string& out);
    // A byte view of len raw bytes, valid while the input is.
    bool raw(const char* field, size_t len, ByteView& out);
    template <size_t N>
    bool fixed_bytes(const char* field, std::array<uint8_t, N>& out) {
        ByteView v;
        if (!raw(field, N, v)) return false;
        std::copy(v.begin(), v.end(), out.begin());
        return true;
    }
    // Reads the version byte and refuses any other than expected.
    bool version(const char* what, uint8_t expected);

    // Records a failure found by the caller (a semantic check on a decoded field).
    bool fail(const char* field, std::string_view why);
    // Succeeds only if nothing failed and every byte was consumed.
    bool finish();

    bool ok() const { return error_.empty(); }
    const std::string& error() const { return error_; }
    size_t offset() const { return pos_; }
    size_t remaining() const { return data_.size() - pos_; }

private:
    bool take(const char* field, size_t n, const uint8_t*& p);
    ByteView data_;
    size_t pos_ = 0;
    std::string error_;
};

// Size of the varint encoding of v.
size_t varint_size(uint64_t v);

}  // namespace folio
