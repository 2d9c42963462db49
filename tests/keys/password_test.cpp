// Password sources (keys/passwords.h) and the terminal prompt (keys/password_prompt.h), the prompt driven
// through a pseudo-terminal.
#include <fcntl.h>
#include <pty.h>
#include <termios.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <thread>

#include "keys/password_prompt.h"
#include "keys/passwords.h"
#include "temp_dir.h"

namespace folio::keys {
namespace {

class password : public ::testing::Test {
  protected:
    std::string file_with(const std::string& content) {
        const std::string p = tmp_.file("pw");
        std::ofstream(p, std::ios::trunc | std::ios::binary) << content;
        return p;
    }
    test::TempDir tmp_;
    const std::string& root_ = tmp_.path;
};

TEST_F(password, FileGivesItsFirstLineWithoutTheNewline) {
    EXPECT_EQ(*read_password_file(file_with("hunter2\nsecond line\n")), "hunter2");
    EXPECT_EQ(*read_password_file(file_with("hunter2\r\n")), "hunter2");
    EXPECT_EQ(*read_password_file(file_with("no newline at end")), "no newline at end");
    EXPECT_EQ(*read_password_file(file_with("  spaces kept  \n")), "  spaces kept  ");
}

TEST_F(password, FileEmptyMissingOrHugeRefused) {
    EXPECT_EQ(read_password_file(file_with("")).reason(), Reason::INVALID_ARGUMENT);
    EXPECT_EQ(read_password_file(file_with("\nsecond")).reason(), Reason::INVALID_ARGUMENT);
    EXPECT_EQ(read_password_file(file_with(std::string(70000, 'x'))).reason(), Reason::INVALID_ARGUMENT);
    EXPECT_EQ(read_password_file(root_ + "/absent").reason(), Reason::NOT_FOUND);
    EXPECT_EQ(read_password_file(root_).reason(), Reason::INVALID_ARGUMENT);  // a directory
}

TEST_F(password, NewPasswordShorterThanTenCharactersIsRefused) {
    EXPECT_TRUE(check_new_password("ten chars!").ok());
    const Status short_one = check_new_password("nine char");
    ASSERT_FALSE(short_one.ok());
    EXPECT_EQ(short_one.reason(), Reason::INVALID_ARGUMENT);
    EXPECT_NE(short_one.error().message.find("at least 10 characters; this one has 9"), std::string::npos)
        << short_one.error().message;
    EXPECT_EQ(short_one.error().message.find("nine char"), std::string::npos)
        << "the password is in the message";
    EXPECT_FALSE(check_new_password("").ok());
}

TEST_F(password, NewPasswordLengthCountsCharactersNotBytes) {
    EXPECT_FALSE(check_new_password("ééééééééé").ok());  // 9 characters, 18 bytes
    EXPECT_TRUE(check_new_password("éééééééééé").ok());  // 10 characters
}

TEST_F(password, EnvironmentVariable) {
    ::setenv("FOLIO_TEST_PW", "from env", 1);
    EXPECT_EQ(*read_password_env("FOLIO_TEST_PW"), "from env");
    ::setenv("FOLIO_TEST_PW", "", 1);
    EXPECT_EQ(read_password_env("FOLIO_TEST_PW").reason(), Reason::INVALID_ARGUMENT);
    ::unsetenv("FOLIO_TEST_PW");
    EXPECT_EQ(read_password_env("FOLIO_TEST_PW").reason(), Reason::NOT_FOUND);
}

// Runs fn with stdin replaced by fd, then puts the real stdin back.
template <typename Fn>
auto with_stdin(int fd, Fn fn) {
    const int saved = ::dup(STDIN_FILENO);
    ::dup2(fd, STDIN_FILENO);
    auto r = fn();
    ::dup2(saved, STDIN_FILENO);
    ::close(saved);
    return r;
}

TEST_F(password, PromptFailsClearlyWhenStdinIsNotATerminal) {
    int pipe_fds[2];
    ASSERT_EQ(::pipe(pipe_fds), 0);
    ASSERT_EQ(::write(pipe_fds[1], "pw\n", 3), 3);
    auto r = with_stdin(pipe_fds[0], [] { return prompt_password("Password: ", false); });
    ::close(pipe_fds[0]);
    ::close(pipe_fds[1]);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.reason(), Reason::UNAVAILABLE);
    EXPECT_NE(r.error().message.find("not a terminal"), std::string::npos) << r.error().message;
}

// Types lines into a pseudo-terminal once the prompt has turned echo off, and returns what the terminal
// showed.
struct FakeTerminal {
    int master = -1, slave = -1;
    FakeTerminal() { EXPECT_EQ(::openpty(&master, &slave, nullptr, nullptr, nullptr), 0); }
    ~FakeTerminal() {
        ::close(master);
        ::close(slave);
    }
    std::thread type_when_quiet(std::string lines) {
        return std::thread([this, lines] {
            for (int i = 0; i < 5000; ++i) {
                struct termios t;
                if (::tcgetattr(slave, &t) == 0 && !(t.c_lflag & ECHO)) break;
                std::this_thread::sleep_for(std::chrono::milliseconds(1));
            }
            EXPECT_EQ(::write(master, lines.data(), lines.size()), static_cast<ssize_t>(lines.size()));
        });
    }
    std::string shown() {
        ::fcntl(master, F_SETFL, O_NONBLOCK);
        char buf[256];
        const ssize_t n = ::read(master, buf, sizeof(buf));
        return n > 0 ? std::string(buf, static_cast<size_t>(n)) : "";
    }
};

TEST_F(password, PromptReadsALineWithoutEchoAndRestoresTheTerminal) {
    FakeTerminal term;
    std::thread typist = term.type_when_quiet("s3cret pw\n");
    auto r = with_stdin(term.slave, [] { return prompt_password("Password: ", false); });
    typist.join();
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(*r, "s3cret pw");
    EXPECT_EQ(term.shown().find("s3cret"), std::string::npos);
    struct termios t;
    ASSERT_EQ(::tcgetattr(term.slave, &t), 0);
    EXPECT_TRUE(t.c_lflag & ECHO);
}

TEST_F(password, PromptWithConfirmation) {
    {
        FakeTerminal term;
        std::thread typist = term.type_when_quiet("same\nsame\n");
        auto r = with_stdin(term.slave, [] { return prompt_password("New password: ", true); });
        typist.join();
        ASSERT_TRUE(r.ok()) << r.error().message;
        EXPECT_EQ(*r, "same");
    }
    {
        FakeTerminal term;
        std::thread typist = term.type_when_quiet("one\ntwo\n");
        auto r = with_stdin(term.slave, [] { return prompt_password("New password: ", true); });
        typist.join();
        ASSERT_FALSE(r.ok());
        EXPECT_NE(r.error().message.find("do not match"), std::string::npos) << r.error().message;
    }
}

TEST_F(password, SourcesAreTriedInTheCallersOrder) {
    using K = PasswordSource::Kind;
    const std::string file = file_with("from file\n");
    ::unsetenv("FOLIO_TEST_PW");
    EXPECT_EQ(*obtain_password({{K::env, "FOLIO_TEST_PW"}, {K::file, file}}), "from file");
    ::setenv("FOLIO_TEST_PW", "from env", 1);
    EXPECT_EQ(*obtain_password({{K::env, "FOLIO_TEST_PW"}, {K::file, file}}), "from env");
    EXPECT_EQ(*obtain_password({{K::file, file}, {K::env, "FOLIO_TEST_PW"}}), "from file");

    int pipe_fds[2];
    ASSERT_EQ(::pipe(pipe_fds), 0);
    auto r = with_stdin(pipe_fds[0], [] {
        return obtain_password(
            {{PasswordSource::Kind::prompt, "Password: "}, {PasswordSource::Kind::env, "FOLIO_TEST_PW"}});
    });
    ::close(pipe_fds[0]);
    ::close(pipe_fds[1]);
    EXPECT_EQ(*r, "from env");  // no terminal: the prompt is passed over

    // A named file that cannot be read is an error, never silently replaced by a later source.
    EXPECT_EQ(obtain_password({{K::file, root_ + "/absent"}, {K::env, "FOLIO_TEST_PW"}}).reason(),
              Reason::NOT_FOUND);
    ::unsetenv("FOLIO_TEST_PW");
    EXPECT_EQ(obtain_password({{K::env, "FOLIO_TEST_PW"}}).reason(), Reason::NOT_FOUND);
    EXPECT_EQ(obtain_password({}).reason(), Reason::NOT_FOUND);
}

TEST(password_wipe, WipeStringClearsIt) {
    std::string s = "a long password that lives on the heap, not in the small-string buffer";
    wipe_string(s);
    EXPECT_TRUE(s.empty());
}

}  // namespace
}  // namespace folio::keys
