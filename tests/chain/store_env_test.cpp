// The store's Env reads table files with pread, opening them per read: what it reads must be the file's
// bytes, a short file gives a short read (LevelDB checks lengths), and a missing file is refused when opened.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "chain/store_env.h"

namespace folio {
namespace {

class StoreEnvTest : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = std::filesystem::temp_directory_path() / ("folio-store-env-" + std::to_string(::getpid()));
        std::filesystem::create_directories(dir_);
        path_ = (dir_ / "000005.ldb").string();
        std::ofstream(path_, std::ios::binary) << "0123456789abcdef";
    }
    void TearDown() override { std::filesystem::remove_all(dir_); }

    std::filesystem::path dir_;
    std::string path_;
};

TEST_F(StoreEnvTest, ReadsTheBytesAtAnOffset) {
    leveldb::RandomAccessFile* raw = nullptr;
    ASSERT_TRUE(table_pread_env()->NewRandomAccessFile(path_, &raw).ok());
    std::unique_ptr<leveldb::RandomAccessFile> file(raw);
    char scratch[8];
    leveldb::Slice got;
    ASSERT_TRUE(file->Read(10, 4, &got, scratch).ok());
    EXPECT_EQ(got.ToString(), "abcd");
}

TEST_F(StoreEnvTest, AReadPastTheEndIsShort) {
    leveldb::RandomAccessFile* raw = nullptr;
    ASSERT_TRUE(table_pread_env()->NewRandomAccessFile(path_, &raw).ok());
    std::unique_ptr<leveldb::RandomAccessFile> file(raw);
    char scratch[16];
    leveldb::Slice got;
    ASSERT_TRUE(file->Read(12, 10, &got, scratch).ok());
    EXPECT_EQ(got.ToString(), "cdef");
}

TEST_F(StoreEnvTest, AMissingFileIsRefusedWhenOpened) {
    leveldb::RandomAccessFile* raw = nullptr;
    const leveldb::Status s = table_pread_env()->NewRandomAccessFile((dir_ / "missing.ldb").string(), &raw);
    EXPECT_TRUE(s.IsNotFound()) << s.ToString();
    EXPECT_EQ(raw, nullptr);
}

TEST_F(StoreEnvTest, AFileRemovedAfterOpeningFailsItsReadsWithAnError) {
    leveldb::RandomAccessFile* raw = nullptr;
    ASSERT_TRUE(table_pread_env()->NewRandomAccessFile(path_, &raw).ok());
    std::unique_ptr<leveldb::RandomAccessFile> file(raw);
    std::filesystem::remove(path_);
    char scratch[4];
    leveldb::Slice got;
    const leveldb::Status s = file->Read(0, 4, &got, scratch);
    EXPECT_TRUE(s.IsIOError()) << s.ToString();
}

}  // namespace
}  // namespace folio
