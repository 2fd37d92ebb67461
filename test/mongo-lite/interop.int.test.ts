import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Double, Int32 } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { useMongoLite } from '../helpers/mongo-lite.js';
import { requireTool } from '../helpers/require-tool.js';

const python = '/usr/bin/python3';
// .ci/run installs the shell here (see its comment); a developer may have one on PATH instead.
const localMongosh = fileURLToPath(new URL('../../.tools/mongosh/node_modules/.bin/mongosh', import.meta.url));
const mongoshBin = existsSync(localMongosh) ? localMongosh : 'mongosh';
const mongosh = requireTool({
  command: mongoshBin,
  args: ['--version'],
  why: 'The MongoDB shell (mongosh)',
  install: 'npm install --prefix .tools/mongosh --ignore-scripts mongosh@2.12.0',
});
const pymongo = requireTool({
  command: python,
  args: ['-c', 'import pymongo'],
  why: "Python's pymongo driver",
  install: 'apt-get install python3-pymongo',
});

/** What a Python program does with the engine, through pymongo: nobody here wrote that driver. */
const script = String.raw`
import json, sys
from pymongo import MongoClient, ASCENDING
from pymongo.errors import DuplicateKeyError
client = MongoClient(sys.argv[1], serverSelectionTimeoutMS=3000)
db = client["lab"]
out = {}
out["fromNode"] = {k: type(v).__name__ for k, v in db.orders.find_one({"source": "node"}, {"_id": 0}).items()}
db.orders.insert_many([{"source": "python", "n": i, "price": 3.0} for i in range(3)])
db.orders.create_index([("sku", ASCENDING)], unique=True, sparse=True)
db.orders.insert_one({"sku": "A1"})
try:
    db.orders.insert_one({"sku": "A1"})
    out["duplicate"] = "accepted"
except DuplicateKeyError as error:
    out["duplicate"] = error.code
db.orders.update_many({"source": "python"}, {"$inc": {"n": 10}})
out["python"] = [d["n"] for d in db.orders.find({"source": "python"}).sort("n", -1)]
out["grouped"] = list(db.orders.aggregate([{"$match": {"source": "python"}}, {"$group": {"_id": "$source", "count": {"$sum": 1}}}]))
out["collections"] = db.list_collection_names()
out["server"] = client.server_info()["version"]
print(json.dumps(out))
`;

describe('embedded MongoDB: a driver nobody here wrote', () => {
  const start = useMongoLite();

  it.skipIf(!pymongo.available)(
    `serves Python's pymongo${pymongo.available ? '' : ` (skipped: ${pymongo.reason})`}`,
    async () => {
      const { server, db } = await start();
      await db.collection('orders').insertOne({ source: 'node', whole: new Int32(2), real: new Double(2), text: 'x' });
      // Asynchronously: the server answers from this same process.
      const run = await promisify(execFile)(python, ['-c', script, server.uri], { encoding: 'utf8', timeout: 30_000 });
      expect(run.stderr).toBe('');
      const result = JSON.parse(run.stdout) as Record<string, unknown>;
      expect(result['fromNode']).toEqual({ source: 'str', whole: 'int', real: 'float', text: 'str' });
      expect(result['duplicate']).toBe(11000);
      expect(result['python']).toEqual([12, 11, 10]);
      expect(result['grouped']).toEqual([{ _id: 'python', count: 3 }]);
      expect(result['collections']).toEqual(['orders']);
      expect(result['server']).toBe('7.0.0');
      const fromPython = await db.collection('orders').findOne({ source: 'python', n: 10 }, { promoteValues: false });
      expect(fromPython?.['price']).toBeInstanceOf(Double);
    },
  );

  it.skipIf(!mongosh.available)(
    `serves the MongoDB shell${mongosh.available ? '' : ` (skipped: ${mongosh.reason})`}`,
    async () => {
      const { server, db } = await start();
      await db.collection('orders').insertOne({ orderId: 'ord_1', status: 'created' });
      const script = `
      const lab = db.getSiblingDB('lab');
      lab.orders.insertOne({ orderId: 'ord_2', status: 'paid', total: NumberDecimal('10.50') });
      lab.orders.createIndex({ orderId: 1 }, { unique: true });
      let duplicate = 'accepted';
      try { lab.orders.insertOne({ orderId: 'ord_1' }); } catch (e) { duplicate = e.code; }
      print(JSON.stringify({
        orders: lab.orders.find({}, { _id: 0, orderId: 1 }).sort({ orderId: 1 }).toArray().map((o) => o.orderId),
        duplicate,
        databases: db.adminCommand({ listDatabases: 1 }).databases.map((d) => d.name),
        version: db.version(),
        replSet: db.hello().setName,
        indexes: lab.orders.getIndexes().length,
      }));`;
      const run = await promisify(execFile)(mongoshBin, [server.uri, '--quiet', '--norc', '--eval', script], {
        encoding: 'utf8',
        timeout: 60_000,
      });
      const result = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;
      expect(result).toEqual({
        orders: ['ord_1', 'ord_2'],
        duplicate: 11000,
        databases: ['lab'],
        version: '7.0.0',
        replSet: 'rs0',
        indexes: 2,
      });
      expect(String((await db.collection('orders').findOne({ orderId: 'ord_2' }))?.['total'])).toBe('10.50');
    },
  );
});
