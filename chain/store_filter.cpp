#include "chain/store_filter.h"

#include <leveldb/slice.h>

#include <string>
#include <vector>

namespace folio {
namespace {

// The record kinds (first key byte, chain/store.cpp) read with Get on keys that may not exist.
bool is_point_lookup_key(const leveldb::Slice& key) {
    if (key.empty()) return false;
    const char kind = key[0];
    return kind == 't' || kind == 'B' || kind == 'M';
}

class PointLookupFilter final : public leveldb::FilterPolicy {
  public:
    PointLookupFilter() : bloom_(leveldb::NewBloomFilterPolicy(10)) {}
    ~PointLookupFilter() override { delete bloom_; }

    // A new name: tables written under the all-keys filter ("leveldb.BuiltinBloomFilter2") are read without
    // one instead of being asked about keys their filter never covered.
    const char* Name() const override { return "folio.PointLookupBloom1"; }

    void CreateFilter(const leveldb::Slice* keys, int n, std::string* dst) const override {
        std::vector<leveldb::Slice> covered;
        for (int i = 0; i < n; ++i) {
            if (is_point_lookup_key(keys[i])) covered.push_back(keys[i]);
        }
        bloom_->CreateFilter(covered.data(), static_cast<int>(covered.size()), dst);
    }

    bool KeyMayMatch(const leveldb::Slice& key, const leveldb::Slice& filter) const override {
        // A key of a kind the filter does not cover may be anywhere.
        return !is_point_lookup_key(key) || bloom_->KeyMayMatch(key, filter);
    }

  private:
    const leveldb::FilterPolicy* bloom_;
};

}  // namespace

std::unique_ptr<const leveldb::FilterPolicy> new_point_lookup_filter() {
    return std::make_unique<PointLookupFilter>();
}

}  // namespace folio
