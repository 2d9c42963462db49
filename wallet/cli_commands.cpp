// The table of folio-wallet's commands and their options (wallet/cli.h): parsing, --help and docs/wallet.md
// all follow it.
#include "wallet/cli.h"

namespace folio::wallet {
namespace {

constexpr std::string_view kWaitHelp = "how long to wait for the commit, 0 = do not wait (default 30000)";
constexpr std::string_view kWeakPasswordHelp = "accept a new password shorter than 10 characters";
constexpr std::string_view kAccountHelp = "any account's address (folio1...), watch-only: no key is needed";

}  // namespace

const std::vector<CommandSpec>& command_specs() {
    static const std::vector<CommandSpec> specs = {
        {"init",
         "",
         0,
         "pin the wallet to a chain, given its genesis file",
         "Stores a copy of the genesis file in the wallet directory and records its chain id. Every command "
         "that\n"
         "talks to a node first checks that the node serves this chain. --rpc, if given, is remembered as "
         "the\n"
         "wallet's default node. Running init again with the same genesis only updates the remembered URL.",
         {{"--genesis", "FILE", "the chain's genesis JSON", true}}},
        {"keygen",
         "",
         0,
         "create a key in the encrypted keystore",
         "Generates a secret key and stores it encrypted (scrypt + AES-256-GCM, file mode 0600) under a new\n"
         "password of at least 10 characters. Prints its public key and the address its account will have "
         "once\n"
         "your platform registers the public key.",
         {{"--name", "NAME", "key name: 1-64 of A-Z a-z 0-9 . _ - , not starting with '.'", true},
          {"--allow-weak-password", "", kWeakPasswordHelp},
          {"--scrypt-n", "N", "scrypt cost (power of two, min 1024); for tests only", false, true}}},
        {"list",
         "",
         0,
         "list the keys of the wallet",
         "Lists every key with its address and status (active, rotated, rotation pending). Needs no "
         "password.",
         {}},
        {"address",
         "",
         0,
         "print the account address of a key",
         "Offline; needs no password. --pubkey prints the public key instead: the one your platform "
         "registers.",
         {{"--pubkey", "", "print the key's public key (64 hex characters) instead of the address"}}},
        {"holdings",
         "",
         0,
         "show the holdings of the key's account, or of any account",
         "Asks the node for the account's holdings, now or at a past height.",
         {{"--at", "HEIGHT", "height to read at (default: the latest block)"},
          {"--account", "ADDRESS", kAccountHelp}}},
        {"history",
         "",
         0,
         "show the txs of the key's account, or of any account, newest first",
         "One page of the account's history. Each line is one op that concerns the account: its direction\n"
         "(in, out, self, or - when nothing of the account moved), the amount, the other side, the memo. Ops "
         "of\n"
         "the same tx that concern other accounts are left out. --cursor with the printed next cursor gives "
         "the\n"
         "next page.",
         {{"--limit", "N", "txs per page, 1-200 (default 50)"},
          {"--cursor", "CURSOR", "continue after a previous page"},
          {"--account", "ADDRESS", kAccountHelp}}},
        {"tx-status",
         "HASH",
         1,
         "show what became of a tx, waiting for its commit with --wait",
         "Asks the node for the tx's status (committed, failed, pending, expired, unknown) and, once it is "
         "in "
         "a\n"
         "block, its height and content. Follows a tx that transfer or submit left with --wait-ms 0 or a\n"
         "timeout. Exits as transfer would have: 0 committed (or pending without --wait), 1 failed, expired "
         "or\n"
         "unknown, 3 still pending when the wait ends.",
         {{"--wait", "", "wait for the commit (30000 ms unless --wait-ms)"},
          {"--wait-ms", "MS",
           "how long to wait for the commit, 0 = do not wait (default 0, 30000 with --wait)"}}},
        {"transfer",
         "",
         0,
         "transfer an asset to another account",
         "Builds the tx locally (the chain id comes from the pinned genesis, the nonce and the asset's "
         "decimals\n"
         "from the node), shows it, signs it with the unlocked key, submits it and waits for the commit. "
         "Prints\n"
         "the tx hash and its status. A refusal prints the reason code and the node's message. An asset whose\n"
         "policy requires the issuer's approval (policy_get) is not transferred but asked for: transfer sends\n"
         "a transfer_request instead, says so, and prints the request's id; the amount stays locked until the\n"
         "issuer approves or rejects it, you cancel it, or it lapses (--expires).",
         {{"--asset", "SYMBOL", "asset symbol", true},
          {"--to", "ADDRESS", "receiving account (folio1...)", true},
          {"--amount", "AMOUNT", "amount in the asset's units, e.g. 12.50", true},
          {"--memo", "TEXT", "memo, at most 256 bytes; public and permanent: never personal data"},
          {"--client-ref", "REF", "your unique reference (1-64 bytes): a retry with it never pays twice"},
          {"--valid-blocks", "N", "the tx expires N blocks after the head (default 1000)"},
          {"--wait-ms", "MS", kWaitHelp},
          {"--expires", "MS",
           "for an approval asset: when the transfer request lapses, ms since the Unix epoch (UTC; default 14 "
           "days from now)"}}},
        {"subscribe",
         "",
         0,
         "subscribe to a crowdfunding campaign",
         "Reads the campaign from the node (its currency, status, raised and target), builds a\n"
         "campaign_subscribe of --amount in the campaign's currency, shows it, signs and submits it. The\n"
         "amount goes into escrow: released to the issuer if the campaign succeeds, refunded if it fails.",
         {{"--campaign", "ID", "campaign id (32 hex)", true},
          {"--amount", "AMOUNT", "amount in the campaign's currency, e.g. 250.00", true},
          {"--memo", "TEXT", "memo, at most 256 bytes; public and permanent: never personal data"},
          {"--client-ref", "REF", "your unique reference (1-64 bytes): a retry with it never pays twice"},
          {"--valid-blocks", "N", "the tx expires N blocks after the head (default 1000)"},
          {"--wait-ms", "MS", kWaitHelp}}},
        {"withdraw",
         "",
         0,
         "withdraw one's subscription to a campaign (retail, within 4 days)",
         "Revokes the key's whole subscription to an open campaign and returns it from escrow. A retail\n"
         "investor may do so within 4 days of its last subscription; later the node refuses it with\n"
         "WITHDRAWAL_PERIOD_OVER.",
         {{"--campaign", "ID", "campaign id (32 hex)", true},
          {"--memo", "TEXT", "memo, at most 256 bytes; public and permanent: never personal data"},
          {"--client-ref", "REF", "your unique reference (1-64 bytes)"},
          {"--valid-blocks", "N", "the tx expires N blocks after the head (default 1000)"},
          {"--wait-ms", "MS", kWaitHelp}}},
        {"sign",
         "FILE",
         1,
         "sign an unsigned tx offline",
         "FILE holds an unsigned tx as hex, or JSON {\"tx\": HEX} as tx_build returns it (a tx that already\n"
         "carries signatures gets one more). The tx is decoded and shown op by op; its chain id must be the\n"
         "pinned one. Never talks to a node, so amounts are shown in base units. Writes the signed tx as "
         "hex.",
         {{"--out", "FILE", "write the signed tx to FILE (a new file) instead of stdout"}}},
        {"submit",
         "FILE",
         1,
         "submit a signed tx and wait for its commit",
         "FILE holds a signed tx as hex or JSON {\"tx\": HEX}. Its chain id and signatures are checked "
         "locally\n"
         "first.",
         {{"--wait-ms", "MS", kWaitHelp}}},
        {"rotate-key",
         "",
         0,
         "replace the account's key by a new one",
         "Generates a new key (encrypted with the same password unless --new-password-file is given), "
         "submits\n"
         "key_rotate signed by the current key and waits. The account and its address stay the same; the "
         "old\n"
         "key is marked rotated and --key OLD then selects the new key. Running it again after an "
         "interruption\n"
         "finishes the same rotation rather than starting another.",
         {{"--new-name", "NAME", "name of the new key (default: the old name with a .N suffix)"},
          {"--new-password-file", "FILE", "password of the new key (at least 10 characters)"},
          {"--allow-weak-password", "", kWeakPasswordHelp},
          {"--scrypt-n", "N", "scrypt cost (power of two, min 1024); for tests only", false, true},
          {"--wait-ms", "MS", kWaitHelp}}},
        {"verify-holding",
         "",
         0,
         "verify the account's holding from a proof, trusting nothing the node says",
         "Fetches a holding proof and checks it: the header's chain id against the pinned genesis, the "
         "commit\n"
         "certificate against the keys of the validator set of its height (each set change since genesis "
         "checked\n"
         "in turn: its block's certificate by the set before it, its record against that block's state root), "
         "and\n"
         "each state record against the header's state root, with the state keys recomputed locally. Prints "
         "the\n"
         "verified amount.",
         {{"--asset", "SYMBOL", "asset symbol", true},
          {"--at", "HEIGHT", "height (default: the latest block)"}}},
        {"vote",
         "",
         0,
         "cast the account's ballot in a holder vote",
         "Builds a vote_cast tx for the vote --id (the id vote_create's tx_build returned; folio-wallet votes\n"
         "lists them), shows it, signs it, submits it and waits for the commit. One ballot per account: the\n"
         "weight is what the account held at the vote's snapshot height. A refusal prints the reason code\n"
         "(ALREADY_VOTED, VOTE_CLOSED, NO_VOTING_WEIGHT...).",
         {{"--id", "ID", "the vote's id, 32 hex characters", true},
          {"--option", "N", "the option chosen, 1 to the vote's number of options", true},
          {"--wait-ms", "MS", kWaitHelp}}},
        {"redeem",
         "",
         0,
         "reconvert local currency to euros: the fee to the fee account, the rest burned",
         "Builds a redeem tx for --amount of the local currency --asset, shows it, signs it, submits it and\n"
         "waits for the commit. The fee (the currency's rate, or the merchant's own) goes to the currency's fee\n"
         "account; the rest is burned and owed in euros against the payout reference (random unless\n"
         "--payout-ref names one). A refusal prints the reason code (NOT_MERCHANT, INSUFFICIENT_BALANCE...).",
         {{"--asset", "SYMBOL", "the local currency", true},
          {"--amount", "AMOUNT", "units to reconvert, in the currency's decimals", true},
          {"--payout-ref", "HEX", "the payout's reference, 64 hex characters (default: random)"},
          {"--wait-ms", "MS", kWaitHelp}}},
        {"votes",
         "",
         0,
         "list the holder votes of an asset with their tallies",
         "Asks the node for the asset's votes in the order they were opened (100 at a time): each with its\n"
         "weights per option, voters, whether the quorum is reached, whether it passed, and whether it is\n"
         "closed (its tally final).",
         {{"--asset", "SYMBOL", "asset symbol", true},
          {"--start", "N", "index of the first vote to list (default 0)"}}},
        {"pledge",
         "",
         0,
         "pledge units to a beneficiary: write the tx for the beneficiary to sign",
         "Builds a pledge tx (the units are locked for the beneficiary until it releases them or the\n"
         "registrar enforces the pledge), shows it, signs it with the unlocked key and writes it to --out. The\n"
         "beneficiary must sign it too: it checks and signs the file with folio-wallet sign FILE --out FILE2,\n"
         "then submits it with folio-wallet submit FILE2.",
         {{"--asset", "SYMBOL", "asset symbol", true},
          {"--amount", "AMOUNT", "amount in the asset's units, e.g. 60", true},
          {"--beneficiary", "ADDRESS", "the account the units are pledged to (folio1...)", true},
          {"--doc-hash", "HEX", "hash of the signed pledge agreement, 64 hex characters", true},
          {"--out", "FILE", "the tx file to write (a new file)", true},
          {"--valid-blocks", "N", "the tx expires N blocks after the head (default 1000)"}}},
        {"dvp",
         "",
         0,
         "swap units of one asset against another: write the tx for the counterparty to sign",
         "Builds a dvp tx (the signer gives --give to the counterparty and gets --get from it, both legs or\n"
         "neither, every transfer rule applied to each leg), shows it, signs it with the unlocked key and\n"
         "writes it to --out. The counterparty checks it with folio-wallet show FILE, signs it with\n"
         "folio-wallet sign FILE --out FILE2, then submits it with folio-wallet submit FILE2.",
         {{"--counterparty", "ADDRESS", "the other party (folio1...); it signs the tx too", true},
          {"--give", "SYMBOL:AMOUNT", "what you deliver, e.g. ACME:10", true},
          {"--get", "SYMBOL:AMOUNT", "what you receive, e.g. EURX:250.00", true},
          {"--out", "FILE", "the tx file to write (a new file)", true},
          {"--valid-blocks", "N", "the tx expires N blocks after the head (default 1000)"}}},
        {"show",
         "FILE",
         1,
         "show what a tx file does and who has signed it",
         "FILE holds a tx (unsigned or signed) as hex or JSON {\"tx\": HEX}. Shows its ops with amounts in\n"
         "their assets' decimals (asked of the node), its nonce and expiry against the node's head, and each\n"
         "account that must sign it (the signer and every counterparty an op names) as signed or MISSING.\n"
         "Signs nothing and submits nothing: check a tx with it before folio-wallet sign.",
         {}},
        {"claim",
         "",
         0,
         "claim your withheld share of a distribution or of a minibond's coupon",
         "A share the currency refused when the distribution or coupon paid you (no valid KYC then, a frozen\n"
         "account) stays withheld until you claim it (a distribution's, at the latest until it expires).\n"
         "--distribution ID sends distribution_claim, --coupon ASSET:INSTALMENT (e.g. BOND:3) coupon_claim,\n"
         "for the key's account; give exactly one. NOTHING_TO_CLAIM if it has no withheld share, the\n"
         "currency still refuses it, or the distribution has expired.",
         {{"--distribution", "ID", "the distribution's id, 32 hex characters"},
          {"--coupon", "ASSET:INSTALMENT", "the minibond and the instalment whose share was withheld"},
          {"--wait-ms", "MS", kWaitHelp}}},
        {"schedule",
         "",
         0,
         "show a minibond's amortization table and the status of each instalment",
         "Asks the node for the bond's terms and its table: due date, payment, interest, principal and\n"
         "outstanding principal of each instalment, in the currency's units, and its status (future, due,\n"
         "late, paid, default) at the time of the latest block. --json prints the node's answer as it is.",
         {{"--asset", "SYMBOL", "the minibond's symbol", true}}},
        {"pending",
         "",
         0,
         "list the pending transfer requests the key's account sends or receives",
         "Asks the node (pending_list) for the transfer requests of approval assets that the account sends\n"
         "(out) or receives (in) and that are still undecided: id, asset, other side, amount, when each\n"
         "lapses, and whether it already has. --json prints the node's answer as it is.",
         {{"--asset", "SYMBOL", "only this asset's requests"}, {"--account", "ADDRESS", kAccountHelp}}},
        {"cancel",
         "",
         0,
         "cancel a pending transfer request",
         "Sends transfer_cancel: the request's amount is unlocked on the sender's holding. The sender cancels\n"
         "its own request at any time before the issuer decides; anyone may cancel one that has lapsed.",
         {{"--id", "ID", "the request's id, 32 hex characters (folio-wallet pending shows it)", true},
          {"--memo", "TEXT", "memo, at most 256 bytes; public and permanent: never personal data"},
          {"--client-ref", "REF", "your unique reference (1-64 bytes)"},
          {"--valid-blocks", "N", "the tx expires N blocks after the head (default 1000)"},
          {"--wait-ms", "MS", kWaitHelp}}},
        {"help", "[COMMAND]", 0, "show help for a command", "", {}},
    };
    return specs;
}

}  // namespace folio::wallet
