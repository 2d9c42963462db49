// Atomic writes and bounded reads (keys/file_io.h): what a reader can see while writers race, what is left on
// disk when a write fails, and that no source, however long or endless, is read past its bound.
#include "keys/file_io.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

#include "temp_dir.h"

namespace folio::keys {
namespace {

namespace fs = std::filesystem;

std::string read_all(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

void write_plain(const std::string& path, const std::string& content) {
    std::ofstream(path, std::ios::binary | std::ios::trunc) << content;
}

unsigned mode_of(const std::string& path) {
    struct stat st {};
    EXPECT_EQ(::lstat(path.c_str(), &st), 0) << path;
    return st.st_mode & 07777;
}

std::vector<std::string> entries(const std::string& dir) {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(dir)) out.push_back(e.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

class file_io : public ::testing::Test {
  protected:
    test::TempDir tmp;
};

// ---- write_file_atomic ----------------------------------------------------------------------------------

TEST_F(file_io, WritesTheContentWithExactlyTheGivenModeWhateverTheUmask) {
    const mode_t old = ::umask(0277);  // would turn 0644 into 0400
    const Status secret = write_file_atomic(tmp.file("secret"), "s3cret\n", 0600);
    const Status open = write_file_atomic(tmp.file("public"), "hello\n", 0644);
    ::umask(old);
    ASSERT_TRUE(secret.ok()) << secret.error().message;
    ASSERT_TRUE(open.ok()) << open.error().message;
    EXPECT_EQ(read_all(tmp.file("secret")), "s3cret\n");
    EXPECT_EQ(mode_of(tmp.file("secret")), 0600u);
    EXPECT_EQ(mode_of(tmp.file("public")), 0644u);
    EXPECT_EQ(entries(tmp.path), (std::vector<std::string>{"public", "secret"}));
}

TEST_F(file_io, ReplaceGivesTheNewContentAndTheNewMode) {
    write_plain(tmp.file("f"), "an older and longer content");
    ::chmod(tmp.file("f").c_str(), 0644);
    ASSERT_TRUE(write_file_atomic(tmp.file("f"), "new", 0600).ok());
    EXPECT_EQ(read_all(tmp.file("f")), "new");
    EXPECT_EQ(mode_of(tmp.file("f")), 0600u);
}

TEST_F(file_io, EmptyContentIsAnEmptyFile) {
    ASSERT_TRUE(write_file_atomic(tmp.file("empty"), "", 0600).ok());
    EXPECT_TRUE(fs::exists(tmp.file("empty")));
    EXPECT_EQ(fs::file_size(tmp.file("empty")), 0u);
}

TEST_F(file_io, RefuseCreatesANewFile) {
    ASSERT_TRUE(write_file_atomic(tmp.file("new"), "one", 0600, IfExists::refuse).ok());
    EXPECT_EQ(read_all(tmp.file("new")), "one");
}

TEST_F(file_io, RefuseLeavesAnExistingFileAsItWas) {
    write_plain(tmp.file("f"), "one");
    const Status s = write_file_atomic(tmp.file("f"), "two", 0600, IfExists::refuse);
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.reason(), Reason::INVALID_ARGUMENT);
    EXPECT_TRUE(contains(s.error().message, tmp.file("f") + " already exists")) << s.error().message;
    EXPECT_EQ(read_all(tmp.file("f")), "one");
    EXPECT_EQ(entries(tmp.path), std::vector<std::string>{"f"});  // no temporary left behind
}

TEST_F(file_io, RefuseAlsoRefusesADanglingSymlink) {
    fs::create_symlink(tmp.file("nowhere"), tmp.file("link"));
    const Status s = write_file_atomic(tmp.file("link"), "x", 0600, IfExists::refuse);
    EXPECT_EQ(s.reason(), Reason::INVALID_ARGUMENT);
    EXPECT_FALSE(fs::exists(tmp.file("nowhere")));
}

TEST_F(file_io, ReplacingASymlinkReplacesTheLinkNotItsTarget) {
    write_plain(tmp.file("target"), "untouched");
    fs::create_symlink(tmp.file("target"), tmp.file("link"));
    ASSERT_TRUE(write_file_atomic(tmp.file("link"), "new", 0600).ok());
    EXPECT_FALSE(fs::is_symlink(tmp.file("link")));
    EXPECT_EQ(read_all(tmp.file("link")), "new");
    EXPECT_EQ(read_all(tmp.file("target")), "untouched");
}

TEST_F(file_io, ConcurrentWritersOfOneTargetAllSucceedAndReadersSeeOneContentWhole) {
    // Different lengths too, so that a mix of the two could not pass for either.
    const std::string a(300 * 1024, 'a');
    const std::string b(200 * 1024, 'b');
    const std::string target = tmp.file("shared");
    write_plain(target, a);
    constexpr int kWrites = 40;
    std::atomic<int> failures{0}, torn_reads{0};
    std::atomic<bool> writing{true};
    std::string first_failure;
    auto writer = [&](const std::string& content) {
        for (int i = 0; i < kWrites; ++i) {
            const Status s = write_file_atomic(target, content, 0600);
            if (!s.ok() && failures++ == 0) first_failure = s.error().message;
        }
    };
    std::thread reader([&] {
        while (writing) {
            const std::string seen = read_all(target);
            if (seen != a && seen != b) ++torn_reads;
        }
    });
    std::thread wa(writer, a), wb(writer, b);
    wa.join();
    wb.join();
    writing = false;
    reader.join();
    EXPECT_EQ(failures, 0) << first_failure;
    EXPECT_EQ(torn_reads, 0);
    const std::string final_content = read_all(target);
    EXPECT_TRUE(final_content == a || final_content == b);
    EXPECT_EQ(entries(tmp.path), std::vector<std::string>{"shared"});
}

TEST_F(file_io, RacingRefuseWritersOfOneNewPathExactlyOneWins) {
    constexpr int kWriters = 8;
    std::vector<std::thread> threads;
    std::vector<Reason> reasons(kWriters);
    for (int i = 0; i < kWriters; ++i)
        threads.emplace_back([&, i] {
            reasons[i] =
                write_file_atomic(tmp.file("once"), "writer " + std::to_string(i), 0600, IfExists::refuse)
                    .reason();
        });
    for (auto& t : threads) t.join();
    int winner = -1;
    for (int i = 0; i < kWriters; ++i) {
        if (reasons[i] == Reason::OK) {
            EXPECT_EQ(winner, -1) << "two writers won";
            winner = i;
        } else {
            EXPECT_EQ(reasons[i], Reason::INVALID_ARGUMENT);
        }
    }
    ASSERT_NE(winner, -1);
    EXPECT_EQ(read_all(tmp.file("once")), "writer " + std::to_string(winner));
    EXPECT_EQ(entries(tmp.path), std::vector<std::string>{"once"});
}

TEST_F(file_io, FailedWriteLeavesNoTemporaryAndNoTarget) {
    // A file size limit makes write() itself fail (EFBIG) after the temporary exists.
    struct rlimit saved {};
    ASSERT_EQ(::getrlimit(RLIMIT_FSIZE, &saved), 0);
    struct rlimit small = saved;
    small.rlim_cur = 1024;
    struct sigaction ignore {
    }, old_action{};
    ignore.sa_handler = SIG_IGN;
    ASSERT_EQ(::sigaction(SIGXFSZ, &ignore, &old_action), 0);
    ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &small), 0);
    const Status s = write_file_atomic(tmp.file("big"), std::string(8192, 'x'), 0600);
    ::setrlimit(RLIMIT_FSIZE, &saved);
    ::sigaction(SIGXFSZ, &old_action, nullptr);
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.reason(), Reason::IO_ERROR);
    EXPECT_TRUE(contains(s.error().message, tmp.file("big"))) << s.error().message;
    EXPECT_TRUE(contains(s.error().message, "File too large")) << s.error().message;
    EXPECT_TRUE(entries(tmp.path).empty());
}

TEST_F(file_io, FailedMoveLeavesNoTemporaryAndReportsThePath) {
    fs::create_directory(tmp.file("dir"));
    write_plain(tmp.file("dir") + "/inside", "keeps the directory non-empty");
    const Status s = write_file_atomic(tmp.file("dir"), "x", 0600);  // rename onto a directory fails
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.reason(), Reason::IO_ERROR);
    EXPECT_TRUE(contains(s.error().message, tmp.file("dir"))) << s.error().message;
    EXPECT_EQ(entries(tmp.path), std::vector<std::string>{"dir"});
}

TEST_F(file_io, MissingDirectoryReportedWithItsPathAndTheSystemsReason) {
    const Status s = write_file_atomic(tmp.file("missing") + "/f", "x", 0600);
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.reason(), Reason::IO_ERROR);
    EXPECT_TRUE(contains(s.error().message, tmp.file("missing"))) << s.error().message;
    EXPECT_TRUE(contains(s.error().message, "No such file or directory")) << s.error().message;
}

TEST_F(file_io, UnwritableDirectoryReportedWithItsPath) {
    // chmod does not stop root, and tests may run as root: /proc refuses new files to everyone.
    std::string dir = tmp.file("read-only");
    fs::create_directory(dir);
    ::chmod(dir.c_str(), 0500);
    if (::geteuid() == 0) dir = "/proc";
    const Status s = write_file_atomic(dir + "/f", "x", 0600);
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.reason(), Reason::IO_ERROR);
    EXPECT_TRUE(contains(s.error().message, "cannot create a temporary file in " + dir)) << s.error().message;
}

TEST_F(file_io, DirectorySyncFailureNamesTheDirectoryAndTheReason) {
    Status s = sync_directory(tmp.file("missing"));
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.reason(), Reason::IO_ERROR);
    EXPECT_TRUE(contains(s.error().message, tmp.file("missing"))) << s.error().message;
    EXPECT_TRUE(contains(s.error().message, "No such file or directory")) << s.error().message;
    write_plain(tmp.file("plain"), "");
    s = sync_directory(tmp.file("plain"));
    ASSERT_FALSE(s.ok());
    EXPECT_TRUE(contains(s.error().message, "Not a directory")) << s.error().message;
    EXPECT_TRUE(sync_directory(tmp.path).ok());
}

TEST_F(file_io, PathNamingNoFileRefused) {
    EXPECT_EQ(write_file_atomic(tmp.path + "/", "x", 0600).reason(), Reason::INVALID_ARGUMENT);
    EXPECT_EQ(write_file_atomic(tmp.path + "/..", "x", 0600).reason(), Reason::INVALID_ARGUMENT);
    EXPECT_TRUE(entries(tmp.path).empty());
}

// ---- read_file_bounded ----------------------------------------------------------------------------------

TEST_F(file_io, ReadsAFileOfExactlyTheBound) {
    write_plain(tmp.file("f"), std::string(1024, 'x'));
    auto r = read_file_bounded(tmp.file("f"), 1024);
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(*r, std::string(1024, 'x'));
}

TEST_F(file_io, FileOverTheBoundRefusedNamingPathAndBound) {
    write_plain(tmp.file("f"), std::string(1025, 'x'));
    auto r = read_file_bounded(tmp.file("f"), 1024);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.reason(), Reason::TOO_LARGE);
    EXPECT_EQ(r.error().message, tmp.file("f") + " is larger than 1024 bytes");
}

TEST_F(file_io, BoundHoldsForAFileLongerThanItsStatSays) {
    // /proc files stat as empty and still have content: only a bound kept while reading catches them.
    const std::string path = "/proc/self/maps";
    ASSERT_EQ(fs::file_size(path), 0u);
    auto r = read_file_bounded(path, 16);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.reason(), Reason::TOO_LARGE);
    EXPECT_TRUE(contains(r.error().message, "16 bytes")) << r.error().message;
}

TEST_F(file_io, DeviceRefusedAsNotARegularFile) {
    auto r = read_file_bounded("/dev/zero", 1024);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.reason(), Reason::INVALID_ARGUMENT);
    EXPECT_EQ(r.error().message, "/dev/zero is not a regular file");
}

TEST_F(file_io, EndlessStreamCutAtTheBoundAndFailsFast) {
    const auto start = std::chrono::steady_clock::now();
    auto r = read_file_bounded("/dev/zero", 1024, Source::any_stream);
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(1));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.reason(), Reason::TOO_LARGE);
    EXPECT_EQ(r.error().message, "/dev/zero is larger than 1024 bytes");
}

TEST_F(file_io, FifoWithAWriterStillOpenCutAtTheBound) {
    // The writer stays open, so the FIFO never ends: a reader that waited for the end would hang here (and
    // the test's CTest timeout fail it).
    const std::string fifo = tmp.file("fifo");
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    const int writer = ::open(fifo.c_str(), O_RDWR | O_NONBLOCK);  // O_RDWR: opening does not wait
    ASSERT_GE(writer, 0);
    const std::string chunk(16 * 1024, 'z');  // within the pipe buffer, so the write does not block
    ASSERT_EQ(::write(writer, chunk.data(), chunk.size()), static_cast<ssize_t>(chunk.size()));
    auto r = read_file_bounded(fifo, 1024, Source::any_stream);
    ::close(writer);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.reason(), Reason::TOO_LARGE);
    EXPECT_EQ(r.error().message, fifo + " is larger than 1024 bytes");
}

TEST_F(file_io, FifoWithoutAWriterNeverBlocksTheOpen) {
    const std::string fifo = tmp.file("fifo");
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    auto refused = read_file_bounded(fifo, 1024);
    EXPECT_EQ(refused.reason(), Reason::INVALID_ARGUMENT);
    EXPECT_EQ(refused.error().message, fifo + " is not a regular file");
    auto empty = read_file_bounded(fifo, 1024, Source::any_stream);
    ASSERT_TRUE(empty.ok()) << empty.error().message;
    EXPECT_EQ(*empty, "");
}

TEST_F(file_io, MissingFileIsNotFoundAndADirectoryIsRefused) {
    auto missing = read_file_bounded(tmp.file("absent"), 1024);
    EXPECT_EQ(missing.reason(), Reason::NOT_FOUND);
    EXPECT_EQ(missing.error().message, tmp.file("absent") + " does not exist");
    auto dir = read_file_bounded(tmp.path, 1024, Source::any_stream);
    EXPECT_EQ(dir.reason(), Reason::INVALID_ARGUMENT);
    EXPECT_EQ(dir.error().message, tmp.path + " is a directory");
}

TEST_F(file_io, UnreadableFileReportedWithItsPath) {
    // As root no mode bit stops a read, and /proc/self/mem at offset 0 is unmapped: EIO on read.
    auto r = read_file_bounded("/proc/self/mem", 1024);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.reason(), Reason::IO_ERROR);
    EXPECT_TRUE(contains(r.error().message, "cannot read /proc/self/mem")) << r.error().message;
}

}  // namespace
}  // namespace folio::keys
