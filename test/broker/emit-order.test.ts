import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EmitOrder } from '../../src/broker/emit-order.js';

/** An order whose router records the counters it is handed, and a shorthand to route one. */
function recorder() {
  const routed: number[] = [];
  const order = new EmitOrder<number, undefined>((counter) => routed.push(counter));
  const route = (counter: number | undefined, label = counter ?? 0) =>
    order.route(counter, label, undefined);
  return { order, routed, route };
}

test('a message with nothing pending before it is routed at once', () => {
  const { order, routed, route } = recorder();
  order.start(1);
  route(1);
  assert.deepEqual(routed, [1]);
  assert.equal(order.pending, 0);
  order.end(1);
  assert.equal(order.pending, 0);
});

test('a message ready early waits for every earlier one, then goes in counter order', () => {
  const { order, routed, route } = recorder();
  for (const counter of [1, 2, 3, 4]) order.start(counter);
  route(3);
  route(2);
  assert.deepEqual(routed, [], 'held behind 1');
  route(1);
  assert.deepEqual(routed, [1, 2, 3]);
  route(4);
  assert.deepEqual(routed, [1, 2, 3, 4]);
  assert.equal(order.pending, 0);
});

test('a message that ends without routing stops holding the later ones back', () => {
  const { order, routed, route } = recorder();
  for (const counter of [5, 6, 7]) order.start(counter);
  route(7);
  order.end(6);
  assert.deepEqual(routed, []);
  order.end(5);
  assert.deepEqual(routed, [7]);
  assert.equal(order.pending, 0);
});

test('counters never registered are routed at once and hold nothing back', () => {
  const { order, routed, route } = recorder();
  order.start(10);
  route(undefined);
  route(9);
  route(11);
  assert.deepEqual(routed, [0, 9, 11]);
  order.end(10);
  assert.equal(order.pending, 0);
});

test('ending a message after it was routed changes nothing', () => {
  const { order, routed, route } = recorder();
  for (const counter of [1, 2]) order.start(counter);
  route(1);
  order.end(1);
  route(2);
  order.end(2);
  assert.deepEqual(routed, [1, 2]);
  assert.equal(order.pending, 0);
});

test('a long backlog behind one slow message drains in order', () => {
  const { order, routed, route } = recorder();
  const COUNT = 5000;
  for (let counter = 1; counter <= COUNT; counter += 1) order.start(counter);
  for (let counter = COUNT; counter >= 2; counter -= 1) route(counter);
  assert.equal(routed.length, 0);
  route(1);
  assert.equal(routed.length, COUNT);
  assert.ok(routed.every((counter, index) => counter === index + 1));
  assert.equal(order.pending, 0);
});
