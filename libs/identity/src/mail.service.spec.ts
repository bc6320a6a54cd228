import { createServer, type AddressInfo, type Server } from 'node:net';
import { Logger } from '@nestjs/common';
import type { AppConfig } from '@maillage/platform';
import { MailService } from './mail.service.js';

/** Just enough SMTP to accept one message. */
function fakeSmtp(): Promise<Server> {
  const server = createServer((socket) => {
    let data = false;
    socket.write('220 test ESMTP\r\n');
    socket.on('data', (chunk) => {
      for (const line of chunk.toString().split('\r\n').filter(Boolean)) {
        if (data) {
          if (line === '.') {
            data = false;
            socket.write('250 queued\r\n');
          }
        } else if (/^(EHLO|HELO)/i.test(line)) socket.write('250 test\r\n');
        else if (/^DATA/i.test(line)) {
          data = true;
          socket.write('354 go on\r\n');
        } else if (/^QUIT/i.test(line)) socket.end('221 bye\r\n');
        else socket.write('250 ok\r\n');
      }
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

function mailService(smtpUrl: string | undefined): MailService {
  return new MailService({ mail: { smtpUrl, from: 'Maillage <noreply@maillage.test>' } } as unknown as AppConfig);
}

const message = { to: 'personne@maillage.test', subject: 'Essai', text: 'Bonjour' };

describe('MailService.send', () => {
  // Constructed outside an app, the service would log through Nest's console logger into the run's output.
  beforeAll(() => Logger.overrideLogger(false));
  afterAll(() => Logger.overrideLogger(['log', 'error', 'warn', 'debug', 'verbose']));

  it('says false without a transport: the message is only logged (and kept in the outbox)', async () => {
    const mail = mailService(undefined);
    expect(await mail.send(message)).toBe(false);
    expect(mail.sentMessages()).toEqual([message]);
    mail.onApplicationShutdown();
  });

  it('says false when the SMTP server cannot be reached', async () => {
    const closed = await fakeSmtp();
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const mail = mailService(`smtp://127.0.0.1:${port}`);
    expect(await mail.send(message)).toBe(false);
    mail.onApplicationShutdown();
  });

  it('says true once the SMTP server took the message', async () => {
    const server = await fakeSmtp();
    const mail = mailService(`smtp://127.0.0.1:${(server.address() as AddressInfo).port}`);
    try {
      expect(await mail.send(message)).toBe(true);
    } finally {
      mail.onApplicationShutdown();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
