// A real `foliod --dev` for the tests: a fresh temp data dir, a free loopback port (--rpc-bind 127.0.0.1:0,
// the node writes the port it got to DATADIR/rpc.addr), the admin token from DATADIR/rpc-admin.token. The
// node must stop cleanly (exit code 0 on SIGTERM): a node that crashes or hangs fails the test. A node that
// exits early fails the start with the end of its log. FOLIO_TS_KEEP=1 keeps the data dir.
import {ChildProcess, spawn} from 'node:child_process';
import {closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {setTimeout as sleep} from 'node:timers/promises';

import {FolioClient} from '../../src/index.js';

import {foliodPath} from './paths.js';

export class DevNode {
    readonly datadir: string;
    readonly #process: ChildProcess;
    #exit: Promise<{code: number | null; signal: NodeJS.Signals | null}>;
    #exited = false;
    url = '';
    adminToken = '';

    private constructor(datadir: string, proc: ChildProcess) {
        this.datadir = datadir;
        this.#process = proc;
        this.#exit = new Promise((resolve) => {
            proc.once('exit', (code, signal) => {
                this.#exited = true;
                resolve({code, signal});
            });
        });
    }

    static async start(): Promise<DevNode> {
        const datadir = mkdtempSync(join(tmpdir(), 'folio-ts-'));
        const log = openSync(join(datadir, 'foliod.log'), 'a');
        const proc = spawn(
            foliodPath(), ['--dev', '--datadir', datadir, '--rpc-bind', '127.0.0.1:0'],
            {stdio: ['ignore', log, log]});
        closeSync(log);
        const node = new DevNode(datadir, proc);
        try {
            await node.#waitReady();
        } catch (e) {
            await node.kill();
            throw e;
        }
        return node;
    }

    /** A client of this node; the admin token unless another is given. */
    client(token: string|undefined = this.adminToken, chainId?: string): FolioClient {
        return new FolioClient({
            url: this.url,
            ...(token === undefined ? {} : {token}),
            ...(chainId === undefined ? {} : {chainId})
        });
    }

    logTail(lines = 40): string {
        try {
            return readFileSync(join(this.datadir, 'foliod.log'), 'utf8')
                .split('\n')
                .slice(-lines)
                .join('\n');
        } catch {
            return '(no log)';
        }
    }

    /** SIGTERM; throws unless the node exits with code 0 within 30 s. Removes the data dir. */
    async stop(): Promise<void> {
        if (!this.#exited) this.#process.kill('SIGTERM');
        const timeout = sleep(30000).then(() => 'timeout' as const);
        const result = await Promise.race([this.#exit, timeout]);
        if (result === 'timeout') {
            await this.kill();
            throw new Error(`foliod did not stop within 30 s of SIGTERM:\n${this.logTail()}`);
        }
        if (result.code !== 0) {
            const tail = this.logTail();
            this.#cleanup();
            throw new Error(
                `foliod exited with code ${result.code} signal ${result.signal} on SIGTERM:\n${tail}`);
        }
        this.#cleanup();
    }

    /** SIGKILL and cleanup, for a test that failed or a node that never came up. */
    async kill(): Promise<void> {
        if (!this.#exited) {
            this.#process.kill('SIGKILL');
            await this.#exit;
        }
        this.#cleanup();
    }

    #cleanup(): void {
        if (process.env['FOLIO_TS_KEEP'] === '1') {
            process.stderr.write(`foliod data dir kept in ${this.datadir}\n`);
            return;
        }
        rmSync(this.datadir, {recursive: true, force: true});
    }

    async #waitReady(): Promise<void> {
        const addrFile = join(this.datadir, 'rpc.addr');
        const tokenFile = join(this.datadir, 'rpc-admin.token');
        const deadline = Date.now() + 60000;
        while (Date.now() < deadline) {
            if (this.#exited) throw new Error(`foliod exited while starting:\n${this.logTail()}`);
            if (existsSync(addrFile) && existsSync(tokenFile)) {
                const addr = readFileSync(addrFile, 'utf8').trim();
                const token = readFileSync(tokenFile, 'utf8').trim();
                if (addr !== '' && token !== '') {
                    this.url = `http://${addr}`;
                    this.adminToken = token;
                    try {
                        const health = await fetch(`${this.url}/health`, {signal: AbortSignal.timeout(2000)});
                        if (health.status === 200) return;
                    } catch {
                        // not listening yet
                    }
                }
            }
            await sleep(50);
        }
        throw new Error(`foliod did not become ready within 60 s:\n${this.logTail()}`);
    }
}
