import { clientFailuresBeforeRestart, createBatchFailurePolicy } from './batch-failures.ts';

const clientError = () => Object.assign(new Error('Connection closed.'), { code: 'PLT_KFK_NETWORK' });
const handlerError = () => new Error('PostgreSQL refused the batch');
const coordinatorError = () => new AggregateError([Object.assign(new Error('This is not the correct coordinator.'), { apiId: 'NOT_COORDINATOR' })], 'commit failed.');

describe('createBatchFailurePolicy', () => {
  it('delivers a failed batch again after a pause that grows with each failure in a row', () => {
    const policy = createBatchFailurePolicy(() => 1);
    expect([1, 2, 3].map(() => policy.failed(handlerError()))).toEqual([
      { restart: false, retryInMs: 200 },
      { restart: false, retryInMs: 400 },
      { restart: false, retryInMs: 800 },
    ]);
  });

  it('waits as after a first failure once a batch went through', () => {
    const policy = createBatchFailurePolicy(() => 1);
    policy.failed(handlerError());
    policy.failed(handlerError());
    policy.succeeded();
    expect(policy.failed(handlerError())).toEqual({ restart: false, retryInMs: 200 });
  });

  it('gives the client up after as many client failures in a row', () => {
    const policy = createBatchFailurePolicy(() => 1);
    const verdicts = Array.from({ length: clientFailuresBeforeRestart }, () => policy.failed(clientError()));
    expect(verdicts.slice(0, -1).every((verdict) => !verdict.restart)).toBe(true);
    expect(verdicts.at(-1)).toEqual({ restart: true });
  });

  it('counts client failures only while nothing else failed between them', () => {
    const policy = createBatchFailurePolicy(() => 1);
    policy.failed(clientError());
    policy.failed(clientError());
    policy.failed(handlerError());
    policy.failed(clientError());
    expect(policy.failed(clientError()).restart).toBe(false);
  });

  it('gives the client up at once when the group coordinator moved, however deep in its retries', () => {
    expect(createBatchFailurePolicy().failed(coordinatorError())).toEqual({ restart: true });
  });
});
