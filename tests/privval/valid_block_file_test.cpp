// The valid-block file: the block a restarted validator needs to re-propose, read back whole, and set aside
// with a reason (never trusted, never fatal) when it is damaged or belongs to another chain.
#include <gtest/gtest.h>
#include <sys/stat.h>


#include "chain/block.h"
#include "chain/tx.h"
#include "node/privval/valid_block_file.h"
#include "tests/privval/privval_fixture.h"

namespace folio::privval::test {
namespace {

Block block_with_txs(Height height, size_t n_txs) {
    const crypto::SecretKey key = key_of(5);
    Block block;
    block.header.chain_id = chain_a();
    block.header.height = height;
    block.header.time_ms = 1700000000000 + height;
    block.header.prev_hash = block_of(0x11);
    block.header.state_root = block_of(0x22);
    block.header.validators_hash = block_of(0x33);
    block.header.proposer = key.pubkey();
    for (size_t i = 0; i < n_txs; ++i) {
        SignedTx stx;
        stx.tx.chain_id = chain_a();
        stx.tx.signer = account_id_of(key.pubkey());
        stx.tx.nonce = i + 1;
        stx.tx.valid_until_height = 1000;
        stx.tx.ops.push_back(Op{8, Bytes{1, 2, 3, static_cast<uint8_t>(i)}});
        sign_tx(stx, key);
        block.txs.push_back(make_envelope(std::move(stx)));
    }
    block.header.txs_root = txs_root(block.txs);
    return block;
}

TEST(valid_block_file, MissingFileHoldsNoBlockAndNoError) {
    ScratchDir dir;
    const ValidBlockFile file = ValidBlockFile::open(dir.file(kValidBlockFileName), chain_a());
    EXPECT_FALSE(file.block().has_value());
    EXPECT_TRUE(file.load_error().empty());
    EXPECT_EQ(file.stored_hash(), BlockHash{});
}

TEST(valid_block_file, PersistedBlockIsReadBackWholeAndPrivate) {
    ScratchDir dir;
    const std::string path = dir.file(kValidBlockFileName);
    const Block block = block_with_txs(12, 40);
    {
        ValidBlockFile file = ValidBlockFile::open(path, chain_a());
        ASSERT_TRUE(file.persist(block));
        EXPECT_EQ(file.stored_hash(), block.header.hash());
    }
    const ValidBlockFile again = ValidBlockFile::open(path, chain_a());
    ASSERT_TRUE(again.block().has_value()) << again.load_error();
    EXPECT_EQ(again.block()->header, block.header);
    EXPECT_EQ(again.block()->encode_body(), block.encode_body());
    EXPECT_EQ(again.stored_hash(), block.header.hash());
    struct stat st {};
    ASSERT_EQ(::stat(path.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
}

TEST(valid_block_file, ANewerBlockReplacesTheOld) {
    ScratchDir dir;
    const std::string path = dir.file(kValidBlockFileName);
    ValidBlockFile file = ValidBlockFile::open(path, chain_a());
    ASSERT_TRUE(file.persist(block_with_txs(12, 3)));
    const Block newer = block_with_txs(13, 1);
    ASSERT_TRUE(file.persist(newer));
    const ValidBlockFile again = ValidBlockFile::open(path, chain_a());
    ASSERT_TRUE(again.block().has_value());
    EXPECT_EQ(again.stored_hash(), newer.header.hash());
}

TEST(valid_block_file, DamagedOrForeignFileIsSetAsideWithItsReason) {
    ScratchDir dir;
    const std::string path = dir.file(kValidBlockFileName);
    {
        ValidBlockFile file = ValidBlockFile::open(path, chain_a());
        ASSERT_TRUE(file.persist(block_with_txs(4, 2)));
    }
    ChainId other{};
    other.fill(0xBB);
    const ValidBlockFile foreign = ValidBlockFile::open(path, other);
    EXPECT_FALSE(foreign.block().has_value());
    EXPECT_NE(foreign.load_error().find("written for chain"), std::string::npos) << foreign.load_error();

    std::string content = read_all(path);
    content[content.size() / 2] ^= 0x01;
    write_all(path, content);
    const ValidBlockFile damaged = ValidBlockFile::open(path, chain_a());
    EXPECT_FALSE(damaged.block().has_value());
    EXPECT_NE(damaged.load_error().find(path), std::string::npos) << damaged.load_error();
    EXPECT_NE(damaged.load_error().find("checksum"), std::string::npos) << damaged.load_error();
    EXPECT_EQ(damaged.stored_hash(), BlockHash{});

    write_all(path, content.substr(0, 30));
    const ValidBlockFile truncated = ValidBlockFile::open(path, chain_a());
    EXPECT_FALSE(truncated.block().has_value());
    EXPECT_FALSE(truncated.load_error().empty());
}

}  // namespace
}  // namespace folio::privval::test
