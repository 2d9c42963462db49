// The backup file format (node/backup/backup_format.h): what the writer writes the reader gives back, and
// every kind of damage is refused with the offset where it starts, before any record is handed out.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <random>

#include "chain/encoding.h"
#include "node/backup/backup_reader.h"
#include "node/backup/backup_writer.h"

namespace folio::backup {
namespace {

namespace fs = std::filesystem;

// Keys and values as strings: g++ 12 at -O3 warns falsely (-Wstringop-overread) on std::map<Bytes, ...>.
using Records = std::map<std::string, std::string>;
std::string text(ByteView b) {
    return std::string(b.begin(), b.end());
}

class BackupFormat : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("folio-backup-format-" + std::to_string(::getpid()) + "-" +
                                            ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::remove_all(dir_);
        fs::create_directories(dir_);
        header_.chain_id.fill(0xc1);
        header_.height = 42;
        header_.block_hash.fill(0xb2);
        header_.state_root.fill(0x5e);
    }
    void TearDown() override { fs::remove_all(dir_); }

    std::string path(const std::string& name) const { return (dir_ / name).string(); }

    // Records whose values make several chunks (about 3.5 of kChunkTargetBytes).
    static Records sample_records() {
        Records r;
        for (int i = 0; i < 7; ++i) {
            const std::string key = {'s', static_cast<char>(i)};
            r[key] = std::string(kChunkTargetBytes / 2, static_cast<char>(i));
        }
        for (int i = 0; i < 300; ++i) {
            const std::string key = {'t', static_cast<char>(i >> 8), static_cast<char>(i)};
            r[key] = std::string{static_cast<char>(i), 1, 2, 3};
        }
        r["Me"] = "";  // an empty value is a record too
        return r;
    }

    BackupSummary write(const std::string& file, const Records& records) {
        auto writer = BackupFileWriter::create(file, header_);
        EXPECT_TRUE(writer.ok()) << (writer.ok() ? "" : writer.error().message);
        for (const auto& [k, v] : records) EXPECT_TRUE((*writer)->add(as_bytes(k), as_bytes(v)).ok());
        auto summary = (*writer)->finish();
        EXPECT_TRUE(summary.ok()) << (summary.ok() ? "" : summary.error().message);
        return *summary;
    }

    static Bytes read_file(const std::string& file) {
        std::ifstream in(file, std::ios::binary);
        return Bytes(std::istreambuf_iterator<char>(in), {});
    }
    static void write_file(const std::string& file, const Bytes& data) {
        std::ofstream out(file, std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(data.data()), static_cast<std::streamsize>(data.size()));
    }

    // The offsets where each chunk starts, and the trailer's, read by the grammar.
    static std::vector<size_t> chunk_offsets(const Bytes& file) {
        std::vector<size_t> out;
        size_t at = kHeaderBytes;
        while (file[at] == kChunkTag) {
            out.push_back(at);
            uint32_t payload = 0;
            for (int i = 0; i < 4; ++i) payload |= uint32_t{file[at + 5 + i]} << (8 * i);
            at += kChunkPrefixBytes + payload + kDigestBytes;
        }
        out.push_back(at);  // the trailer
        return out;
    }

    // The reader's error for `file`: from open, or else from verify.
    static std::string refusal(const std::string& file) {
        auto reader = BackupReader::open(file);
        if (!reader) return reader.error().message;
        auto checked = (*reader)->verify();
        if (checked) return "";
        EXPECT_EQ(checked.reason(), Reason::CORRUPTION);
        return checked.error().message;
    }

    fs::path dir_;
    BackupHeader header_;
};

TEST_F(BackupFormat, RoundTripGivesBackTheHeaderAndEveryRecordInKeyOrder) {
    const Records records = sample_records();
    const BackupSummary written = write(path("a.fbk"), records);
    EXPECT_GE(written.chunks, 3u);
    auto reader = BackupReader::open(path("a.fbk"));
    ASSERT_TRUE(reader.ok()) << reader.error().message;
    EXPECT_EQ((*reader)->header(), header_);
    Records read;
    std::string last;
    auto summary = (*reader)->for_each_record([&](ByteView k, ByteView v) {
        EXPECT_TRUE(last.empty() || last < text(k));
        last = text(k);
        read[text(k)] = text(v);
        return Status();
    });
    ASSERT_TRUE(summary.ok()) << summary.error().message;
    EXPECT_EQ(read, records);
    EXPECT_EQ(summary->records, records.size());
    EXPECT_EQ(summary->chunks, written.chunks);
    EXPECT_EQ(summary->digest, written.digest);
    EXPECT_EQ(summary->bytes, fs::file_size(path("a.fbk")));
}

TEST_F(BackupFormat, AnEmptyBackupHasAHeaderAndATrailerOnly) {
    const BackupSummary written = write(path("empty.fbk"), {});
    EXPECT_EQ(written.chunks, 0u);
    EXPECT_EQ(fs::file_size(path("empty.fbk")), kHeaderBytes + kTrailerBytes);
    EXPECT_EQ(refusal(path("empty.fbk")), "");
}

TEST_F(BackupFormat, TheWriterLeavesOnlyTheFinalNameAndRefusesAnExistingOne) {
    write(path("a.fbk"), sample_records());
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(dir_)) names.push_back(e.path().filename().string());
    EXPECT_EQ(names, std::vector<std::string>{"a.fbk"});
    auto again = BackupFileWriter::create(path("a.fbk"), header_);
    ASSERT_FALSE(again.ok());
    EXPECT_EQ(again.reason(), Reason::INVALID_ARGUMENT);
}

TEST_F(BackupFormat, AWriterDroppedBeforeFinishLeavesNoFile) {
    {
        auto writer = BackupFileWriter::create(path("a.fbk"), header_);
        ASSERT_TRUE(writer.ok());
        ASSERT_TRUE((*writer)->add(Bytes{'a'}, Bytes(kChunkTargetBytes, 1)).ok());
    }
    EXPECT_TRUE(fs::is_empty(dir_));
}

TEST_F(BackupFormat, TheWriterRefusesKeysOutOfOrder) {
    auto writer = BackupFileWriter::create(path("a.fbk"), header_);
    ASSERT_TRUE(writer.ok());
    ASSERT_TRUE((*writer)->add(Bytes{'b'}, Bytes{}).ok());
    EXPECT_EQ((*writer)->add(Bytes{'a'}, Bytes{}).reason(), Reason::INVALID_ARGUMENT);
    EXPECT_EQ((*writer)->add(Bytes{'b'}, Bytes{}).reason(), Reason::INVALID_ARGUMENT);
}

TEST_F(BackupFormat, AChangedByteInAnyChunkIsRefusedWithThatChunksOffset) {
    write(path("a.fbk"), sample_records());
    const Bytes good = read_file(path("a.fbk"));
    const std::vector<size_t> offsets = chunk_offsets(good);
    const unsigned seed = std::random_device{}();
    std::mt19937 rng(seed);
    SCOPED_TRACE("seed " + std::to_string(seed));
    for (size_t c = 0; c + 1 < offsets.size(); ++c) {
        const size_t begin = offsets[c], end = offsets[c + 1];
        // The tag, the counts, a byte of the payload, the digest.
        for (size_t at :
             {begin + 1, begin + 6, begin + kChunkPrefixBytes + rng() % (end - begin - 41), end - 1}) {
            Bytes bad = good;
            bad[at] ^= 0x01;
            write_file(path("bad.fbk"), bad);
            const std::string message = refusal(path("bad.fbk"));
            EXPECT_NE(message.find("at offset " + std::to_string(begin) + ":"), std::string::npos)
                << "byte " << at << " of chunk " << c + 1 << ": " << message;
        }
    }
}

TEST_F(BackupFormat, AChangedByteInTheTrailerIsRefusedWithItsOffset) {
    write(path("a.fbk"), sample_records());
    const Bytes good = read_file(path("a.fbk"));
    const size_t trailer = good.size() - kTrailerBytes;
    for (size_t at = trailer + 1; at < good.size(); at += 7) {
        Bytes bad = good;
        bad[at] ^= 0x80;
        write_file(path("bad.fbk"), bad);
        EXPECT_NE(refusal(path("bad.fbk")).find("at offset " + std::to_string(trailer) + ":"),
                  std::string::npos)
            << at;
    }
}

TEST_F(BackupFormat, AChangedHeaderIsRefusedAtOffsetZero) {
    write(path("a.fbk"), sample_records());
    Bytes bad = read_file(path("a.fbk"));
    bad[20] ^= 0x01;  // in the chain id
    write_file(path("bad.fbk"), bad);
    EXPECT_NE(refusal(path("bad.fbk")).find("at offset 0: the header's digest"), std::string::npos);
}

TEST_F(BackupFormat, AWrongMagicIsRefused) {
    write(path("a.fbk"), sample_records());
    Bytes bad = read_file(path("a.fbk"));
    bad[0] = 'X';
    write_file(path("bad.fbk"), bad);
    EXPECT_NE(refusal(path("bad.fbk")).find("at offset 0: not a Folio backup"), std::string::npos);
}

TEST_F(BackupFormat, AnotherVersionIsRefusedNamingIt) {
    write(path("a.fbk"), sample_records());
    Bytes bad = read_file(path("a.fbk"));
    bad[8] = 2;
    write_file(path("bad.fbk"), bad);
    EXPECT_NE(refusal(path("bad.fbk")).find("at offset 8: format version 2, this foliod reads version 1"),
              std::string::npos)
        << refusal(path("bad.fbk"));
}

TEST_F(BackupFormat, ATruncatedFileIsRefusedWhereverItIsCut) {
    write(path("a.fbk"), sample_records());
    const Bytes good = read_file(path("a.fbk"));
    const std::vector<size_t> offsets = chunk_offsets(good);
    std::vector<size_t> cuts = {
        0, 5, kHeaderBytes - 1, kHeaderBytes, good.size() - 1, good.size() - kTrailerBytes};
    for (size_t o : offsets) cuts.insert(cuts.end(), {o + 3, o + kChunkPrefixBytes + 10});
    for (size_t cut : cuts) {
        write_file(path("bad.fbk"), Bytes(good.begin(), good.begin() + static_cast<std::ptrdiff_t>(cut)));
        const std::string message = refusal(path("bad.fbk"));
        EXPECT_FALSE(message.empty()) << "cut at " << cut;
        EXPECT_TRUE(message.find("truncated") != std::string::npos ||
                    message.find("too short") != std::string::npos)
            << "cut at " << cut << ": " << message;
    }
}

TEST_F(BackupFormat, ADroppedChunkIsRefusedWhereItWas) {
    write(path("a.fbk"), sample_records());
    const Bytes good = read_file(path("a.fbk"));
    const std::vector<size_t> offsets = chunk_offsets(good);
    ASSERT_GE(offsets.size(), 3u);
    Bytes bad(good.begin(), good.begin() + static_cast<std::ptrdiff_t>(offsets[1]));
    bad.insert(bad.end(), good.begin() + static_cast<std::ptrdiff_t>(offsets[2]), good.end());
    write_file(path("bad.fbk"), bad);
    EXPECT_NE(refusal(path("bad.fbk")).find("at offset " + std::to_string(offsets[1]) + ": chunk 2"),
              std::string::npos)
        << refusal(path("bad.fbk"));
}

TEST_F(BackupFormat, BytesAfterTheTrailerAreRefused) {
    write(path("a.fbk"), sample_records());
    Bytes bad = read_file(path("a.fbk"));
    const size_t end = bad.size();
    bad.push_back(0);
    write_file(path("bad.fbk"), bad);
    EXPECT_NE(
        refusal(path("bad.fbk")).find("at offset " + std::to_string(end) + ": 1 bytes after the trailer"),
        std::string::npos);
}

TEST_F(BackupFormat, NoRecordIsHandedOutFromADamagedFile) {
    write(path("a.fbk"), sample_records());
    Bytes bad = read_file(path("a.fbk"));
    bad[bad.size() - kTrailerBytes - 1] ^= 0x01;  // the last chunk's digest
    write_file(path("bad.fbk"), bad);
    auto reader = BackupReader::open(path("bad.fbk"));
    ASSERT_TRUE(reader.ok());
    size_t handed = 0;
    auto result = (*reader)->for_each_record([&](ByteView, ByteView) {
        ++handed;
        return Status();
    });
    EXPECT_FALSE(result.ok());
    EXPECT_EQ(handed, 0u);
}

TEST_F(BackupFormat, AMissingFileIsNotFound) {
    auto reader = BackupReader::open(path("none.fbk"));
    ASSERT_FALSE(reader.ok());
    EXPECT_EQ(reader.reason(), Reason::NOT_FOUND);
}

}  // namespace
}  // namespace folio::backup
