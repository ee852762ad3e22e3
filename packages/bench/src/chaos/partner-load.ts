import type { PartnerReading } from '../reading-generator.ts';

export interface PartnerLoadOptions {
  /** http-ingest's POST /v1/readings. */
  url: string;
  apiKey: string;
  /** The next reading to send (a seeded generator's). */
  next: () => PartnerReading;
  readingsPerRequest: number;
  /** Pause between two requests of one sender. */
  pauseMs: number;
  /** Readings a second offered by all senders together, at most; unset: as fast as the pauses allow. */
  readingsPerSecond?: number;
  senders: number;
  /** A Retry-After longer than this is shortened to it, so a test does not idle. */
  maxRetryDelayMs: number;
  /** A request unanswered for this long is dropped by the partner and sent again. */
  requestTimeoutMs: number;
}

export interface PartnerLoadCounters {
  /** Requests answered 2xx: every accepted reading in them is acknowledged by Kafka. */
  acknowledgedRequests: number;
  /** Readings accepted in those answers. */
  acknowledgedReadings: number;
  rejectedReadings: number;
  /** Answers 503 (with Retry-After): nothing of the request acknowledged, sent again. */
  refusedRequests: number;
  /** Requests whose connection failed or that got no answer in time: sent again. */
  droppedRequests: number;
}

export interface PartnerLoad {
  counters: PartnerLoadCounters;
  /** When the last 2xx arrived (epoch ms), undefined before the first. */
  lastAcknowledgedAt(): number | undefined;
  /** Starts no new request and resolves once every request under way is acknowledged. */
  quiesce(): Promise<void>;
  resume(): void;
  /** Quiesces for good; rejects with the first answer a partner could not handle (a 4xx, a 500). */
  stop(): Promise<void>;
}

/**
 * Senders that POST generated readings to http-ingest as a partner does: a request answered 503 is
 * sent again whole after its Retry-After, and so is one whose connection dropped. Some readings of
 * such a request may have reached Kafka already; the resend is the duplicate the pipeline absorbs.
 */
export function startPartnerLoad(options: PartnerLoadOptions): PartnerLoad {
  const counters: PartnerLoadCounters = { acknowledgedRequests: 0, acknowledgedReadings: 0, rejectedReadings: 0, refusedRequests: 0, droppedRequests: 0 };
  let lastAcknowledged: number | undefined;
  let paused = false;
  let stopped = false;
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  let resumed = new Promise<void>((resolve) => (wake = resolve));
  const idle = new Set<number>();
  let idleChanged: (() => void) | undefined;
  const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  // The senders share one schedule; a sender late for its turn (a resend, a hold) starts from now, so no burst follows an outage.
  let nextDue = 0;
  const awaitTurn = async () => {
    if (options.readingsPerSecond === undefined) return;
    const due = Math.max(Date.now(), nextDue);
    nextDue = due + (options.readingsPerRequest / options.readingsPerSecond) * 1000;
    await delay(due - Date.now());
  };

  const sendUntilAcknowledged = async (body: string, readings: number) => {
    for (;;) {
      let response: Response;
      try {
        response = await fetch(options.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-api-key': options.apiKey },
          body,
          signal: AbortSignal.timeout(options.requestTimeoutMs),
        });
      } catch {
        counters.droppedRequests += 1;
        await delay(Math.min(500, options.maxRetryDelayMs));
        continue;
      }
      if (response.status === 503) {
        counters.refusedRequests += 1;
        await response.arrayBuffer().catch(() => undefined);
        await delay(Math.min(options.maxRetryDelayMs, 1000 * Number(response.headers.get('retry-after') ?? 1)));
        continue;
      }
      if (!response.ok) throw new Error(`http-ingest answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
      let answer: { accepted: number; rejected: number };
      try {
        answer = (await response.json()) as { accepted: number; rejected: number };
      } catch {
        // The answer cut off half-way is a dropped connection: whether it was a 2xx is not known.
        counters.droppedRequests += 1;
        continue;
      }
      if (answer.accepted + answer.rejected !== readings) throw new Error(`http-ingest answered for ${answer.accepted + answer.rejected} readings of ${readings}`);
      counters.acknowledgedRequests += 1;
      counters.acknowledgedReadings += answer.accepted;
      counters.rejectedReadings += answer.rejected;
      lastAcknowledged = Date.now();
      return;
    }
  };

  const sender = async (index: number) => {
    while (!stopped) {
      if (paused) {
        idle.add(index);
        idleChanged?.();
        await resumed;
        idle.delete(index);
        continue;
      }
      await awaitTurn();
      if (paused || stopped) continue;
      const readings = Array.from({ length: options.readingsPerRequest }, () => options.next());
      await sendUntilAcknowledged(JSON.stringify(readings), readings.length);
      await delay(options.pauseMs);
    }
    idle.add(index);
    idleChanged?.();
  };

  const senders = Promise.all(Array.from({ length: options.senders }, (_, index) => sender(index))).catch((error: unknown) => {
    failure = error instanceof Error ? error : new Error(String(error));
    stopped = true;
    for (let index = 0; index < options.senders; index += 1) idle.add(index);
    idleChanged?.();
  });

  const quiesce = async () => {
    paused = true;
    while (idle.size < options.senders) await new Promise<void>((resolve) => (idleChanged = resolve));
    if (failure) throw failure;
  };

  return {
    counters,
    lastAcknowledgedAt: () => lastAcknowledged,
    quiesce,
    resume() {
      if (failure) throw failure;
      paused = false;
      wake?.();
      resumed = new Promise<void>((resolve) => (wake = resolve));
    },
    async stop() {
      await quiesce();
      stopped = true;
      wake?.();
      await senders;
      if (failure) throw failure;
    },
  };
}
