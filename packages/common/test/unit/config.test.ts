import { z } from 'zod';
import { csvList, loadConfig } from '../../src/config/index';
import { ConfigError } from '../../src/errors/index';

describe('loadConfig', () => {
  it('It should apply defaults and coerce values', () => {
    const cfg = loadConfig(
      { PORT: z.coerce.number().default(3), ADMIN_EMAILS: csvList },
      { ADMIN_EMAILS: ' A@x.com, b@y.com ' },
    );
    expect(cfg).toEqual({ PORT: 3, ADMIN_EMAILS: ['a@x.com', 'b@y.com'] });
  });

  it('It should name every missing or malformed variable', () => {
    const load = () =>
      loadConfig({ TABLE_NAME: z.string(), DYNAMODB_ENDPOINT: z.url() }, { DYNAMODB_ENDPOINT: 'not a url' });
    expect(load).toThrow(ConfigError);
    try {
      load();
    } catch (err) {
      const problems = (err as ConfigError).problems.join('\n');
      expect(problems).toContain('TABLE_NAME');
      expect(problems).toContain('DYNAMODB_ENDPOINT');
    }
  });
});
