/**
 * The noise floor: a bare node:http server answering `{}` to anything, run as a child process
 * like the emulator and printing the same `listening on` line. On a shared machine its p99 shows
 * how much of a measured latency is the machine rather than the code under test.
 */
import http from 'node:http';
import process from 'node:process';

const server = http.createServer((request, response) => {
  request.resume();
  request.on('end', () => {
    response.setHeader('content-type', 'application/json; charset=utf-8');
    response.end('{}');
  });
});
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`null server listening on http://127.0.0.1:${server.address().port}\n`);
});
process.once('SIGINT', () => server.close(() => process.exit(0)));
