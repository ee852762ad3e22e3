import { Admin, Consumer } from '@platformatic/kafka';

// The client's options validators are patched to compile on their first call (patches/): they
// must still refuse bad options, with the client's own message, when asked to validate.
describe('the Kafka client with strict options', () => {
  it('refuses invalid options, naming the field', () => {
    expect(() => new Admin({ clientId: 'validation', bootstrapBrokers: ['127.0.0.1:9'], strict: true, retries: 'often' as unknown as number })).toThrow(
      /retries/,
    );
  });

  it('refuses invalid consumer group options when strict, and leaves them to the broker otherwise', async () => {
    const options = { clientId: 'group', groupId: 'g', bootstrapBrokers: ['127.0.0.1:9'], sessionTimeout: -1 };
    expect(() => new Consumer({ ...options, strict: true })).toThrow(/sessionTimeout/);
    await new Consumer(options).close();
  });

  it('accepts valid options, twice (the compiled validator is kept)', async () => {
    for (const clientId of ['first', 'second']) {
      const admin = new Admin({ clientId, bootstrapBrokers: ['127.0.0.1:9'], strict: true, retries: 0 });
      await admin.close();
    }
  });
});
