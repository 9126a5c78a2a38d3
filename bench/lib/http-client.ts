import http from 'node:http';

/**
 * A browser-like client for one simulated worker: keeps its session cookie, never follows redirects (the loop
 * follows them itself, as the labeling page does), and reuses keep-alive connections from one shared agent.
 * Plain node:http rather than fetch: it costs the load generator less CPU, which on a 2-core machine is CPU
 * the servers under test get.
 */
const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity, maxFreeSockets: 1024 });

export interface Reply {
  status: number;
  location: string;
  body: string;
}

export class Client {
  private readonly cookies = new Map<string, string>();
  private cookie = '';
  private n = 0;

  /** `bases`: server URLs; requests go round-robin over them, as behind a load balancer. */
  constructor(private readonly bases: string[]) {}

  get(path: string): Promise<Reply> {
    return this.send('GET', path);
  }

  post(path: string, form: Record<string, string>): Promise<Reply> {
    return this.send('POST', path, new URLSearchParams(form).toString());
  }

  private send(method: string, path: string, body?: string): Promise<Reply> {
    const base = new URL(this.bases[this.n++ % this.bases.length]!);
    const headers: Record<string, string | number> = {};
    if (this.cookie) headers.cookie = this.cookie;
    if (body !== undefined) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      headers['content-length'] = Buffer.byteLength(body);
    }
    return new Promise((resolve, reject) => {
      const req = http.request(
        { agent, method, host: base.hostname, port: base.port, path, headers },
        (res) => {
          for (const set of res.headers['set-cookie'] ?? []) {
            const [pair] = set.split(';');
            const eq = pair!.indexOf('=');
            this.cookies.set(pair!.slice(0, eq), pair!.slice(eq + 1));
            this.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
          }
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              location: String(res.headers.location ?? ''),
              body: Buffer.concat(chunks).toString('utf8'),
            }),
          );
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }
}

/** Closes idle keep-alive sockets so the process can exit. */
export function closeConnections(): void {
  agent.destroy();
}
