// A LevelDB Env whose file reads fail on demand, for tests of what the store answers when the disk does not
// (StoreOptions::env). Once armed, every Read of a file opened through it returns an IOError, including
// files opened before arming (LevelDB keeps table files open in its table cache and reads them much later).
// Writes, directory operations and the rest go to the default Env.
//
// For reads to reach the files at all, open the store with block_cache_bytes = 0 (no block cache) on a
// database whose records are in table files: reopening a closed database does that (LevelDB writes the
// recovered log to a level-0 table), whereas records written since the open are still in the memtable.
//
// Thread safety: arm() and disarm() may be called from any thread while LevelDB reads.
#pragma once

#include <leveldb/env.h>

#include <atomic>
#include <memory>
#include <string>

namespace folio::test {

class FailingReadEnv final : public leveldb::EnvWrapper {
  public:
    FailingReadEnv() : leveldb::EnvWrapper(leveldb::Env::Default()) {}

    void arm() { failing_ = true; }
    void disarm() { failing_ = false; }
    // How many reads failed since construction: a test checks that its read did reach a file.
    int failed_reads() const { return failed_reads_.load(); }

    leveldb::Status NewSequentialFile(const std::string& name, leveldb::SequentialFile** result) override {
        leveldb::SequentialFile* file = nullptr;
        leveldb::Status s = target()->NewSequentialFile(name, &file);
        if (!s.ok()) return s;
        *result = new SequentialFile(this, name, file);
        return s;
    }

    leveldb::Status NewRandomAccessFile(const std::string& name,
                                        leveldb::RandomAccessFile** result) override {
        leveldb::RandomAccessFile* file = nullptr;
        leveldb::Status s = target()->NewRandomAccessFile(name, &file);
        if (!s.ok()) return s;
        *result = new RandomAccessFile(this, name, file);
        return s;
    }

  private:
    // True (and counted) when a read of `name` must fail now.
    bool fail_read() const {
        if (!failing_.load()) return false;
        ++failed_reads_;
        return true;
    }
    static leveldb::Status injected(const std::string& name) {
        return leveldb::Status::IOError(name, "read error injected by the test");
    }

    class SequentialFile final : public leveldb::SequentialFile {
      public:
        SequentialFile(const FailingReadEnv* env, std::string name, leveldb::SequentialFile* file)
            : env_(env), name_(std::move(name)), file_(file) {}
        leveldb::Status Read(size_t n, leveldb::Slice* result, char* scratch) override {
            if (env_->fail_read()) return injected(name_);
            return file_->Read(n, result, scratch);
        }
        leveldb::Status Skip(uint64_t n) override { return file_->Skip(n); }

      private:
        const FailingReadEnv* env_;
        std::string name_;
        std::unique_ptr<leveldb::SequentialFile> file_;
    };

    class RandomAccessFile final : public leveldb::RandomAccessFile {
      public:
        RandomAccessFile(const FailingReadEnv* env, std::string name, leveldb::RandomAccessFile* file)
            : env_(env), name_(std::move(name)), file_(file) {}
        leveldb::Status Read(uint64_t offset, size_t n, leveldb::Slice* result,
                             char* scratch) const override {
            if (env_->fail_read()) return injected(name_);
            return file_->Read(offset, n, result, scratch);
        }

      private:
        const FailingReadEnv* env_;
        std::string name_;
        std::unique_ptr<leveldb::RandomAccessFile> file_;
    };

    std::atomic<bool> failing_{false};
    mutable std::atomic<int> failed_reads_{0};
};

}  // namespace folio::test
