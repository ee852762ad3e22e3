import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSchemaRegistry, RegistryUnavailableError, UndecodableRecordError } from './index.ts';

const readingSchema = { type: 'record', name: 'Reading', fields: [{ name: 'id', type: 'string' }] };

describe('the schema registry client reporting whether the registry answers', () => {
  let server: Server;
  let url: string;
  /** While set, every connection is dropped unanswered, as by a registry that is gone. */
  let gone = false;
  /** 503 answers to give before schema 1 is served again. */
  let unavailableAnswers = 0;
  /** While set, requests are taken and never answered, as by a paused registry. */
  let hung = false;

  beforeAll(async () => {
    server = createServer((request, response) => {
      if (hung) return;
      if (gone) request.socket.destroy();
      else if (request.url !== '/schemas/ids/1') response.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error_code: 40403, message: 'Schema not found' }));
      else if (unavailableAnswers-- > 0) response.writeHead(503).end();
      else response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ schema: JSON.stringify(readingSchema) }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  beforeEach(() => {
    [gone, unavailableAnswers, hung] = [false, 0, false];
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  /** A client whose reports are recorded; the registry comes back at the first report of it unreachable. */
  const reportingRegistry = () => {
    const reports: boolean[] = [];
    const onReachability = (reachable: boolean) => {
      reports.push(reachable);
      if (!reachable) [gone, unavailableAnswers] = [false, 0];
    };
    return { reports, registry: createSchemaRegistry(url, { onReachability }) };
  };

  it('reports it unreachable when a request gets no answer, retries, and reports it reachable at the answer that follows', async () => {
    const { reports, registry } = reportingRegistry();
    gone = true;
    expect((await registry.schemaById(1)).name).toBe('Reading');
    expect(reports).toEqual([false, true]);
  });

  it('reports it unreachable when it answers 503', async () => {
    const { reports, registry } = reportingRegistry();
    unavailableAnswers = 1;
    expect((await registry.schemaById(1)).name).toBe('Reading');
    expect(reports).toEqual([false, true]);
  });

  it('gives up on a registry that takes requests and never answers once its patience is spent, not after a timeout per attempt', async () => {
    const reports: boolean[] = [];
    const registry = createSchemaRegistry(url, { onReachability: (reachable) => void reports.push(reachable), patienceMs: 1_500 });
    hung = true;
    const started = Date.now();
    const failure = await registry.schemaById(1).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(RegistryUnavailableError);
    expect((failure as Error).message).toMatch(/could not fetch schema 1 .* within 1.5 s/);
    // One request's own timeout is 10 s: the call ended at its deadline, before the first could.
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(reports.every((reachable) => !reachable)).toBe(true);
  });

  it('reports it reachable when it answers that a schema id is unknown', async () => {
    const { reports, registry } = reportingRegistry();
    await expect(registry.schemaById(2)).rejects.toBeInstanceOf(UndecodableRecordError);
    expect(reports).toEqual([true]);
  });
});

describe('the schema registry client with credentials', () => {
  let server: Server;
  let url: string;
  const seen: (string | undefined)[] = [];

  beforeAll(async () => {
    // Answers only a request that carries one of the two credentials it knows, as a secured registry would.
    server = createServer((request, response) => {
      seen.push(request.headers.authorization);
      const known = ['Basic ' + Buffer.from('filter:s3cret').toString('base64'), 'Bearer t0ken'];
      if (!known.includes(request.headers.authorization ?? '')) response.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ message: 'Unauthorized' }));
      else response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ schema: JSON.stringify(readingSchema) }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('sends a user and password as HTTP basic', async () => {
    expect((await createSchemaRegistry(url, { auth: { username: 'filter', password: 's3cret' } }).schemaById(1)).name).toBe('Reading');
  });

  it('sends a token as a bearer', async () => {
    expect((await createSchemaRegistry(url, { auth: { token: 't0ken' } }).schemaById(1)).name).toBe('Reading');
  });

  it('fails at once, with the answer, when the registry refuses the credentials', async () => {
    seen.length = 0;
    await expect(createSchemaRegistry(url, { auth: { token: 'stale' } }).schemaById(1)).rejects.toThrow('GET /schemas/ids/1 answered 401: Unauthorized');
    expect(seen).toEqual(['Bearer stale']);
  });
});
