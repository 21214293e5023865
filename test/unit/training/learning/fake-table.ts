/**
 * An in-memory stand-in for the single table, behind aws-sdk-client-mock: Get, Put, Update, Delete, Query (table and
 * GSIs), BatchGet and TransactWrite, with condition, key-condition, filter, update and projection expressions
 * evaluated for the subset of the expression language our stores use. Transactions are atomic (all conditions are
 * checked before anything is written) and fail like DynamoDB (`TransactionCanceledException` with
 * `CancellationReasons`), so the tests can assert behaviour — "a second run sends nothing" — instead of mock calls.
 *
 * It is a test double, not an emulator: the integration test runs the same store functions against DynamoDB Local.
 */
import {
  BatchGetCommand,
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';

type Item = Record<string, any>;
type Names = Record<string, string> | undefined;
type Values = Record<string, unknown> | undefined;

class ConditionalCheckFailed extends Error {
  override readonly name = 'ConditionalCheckFailedException';
}

class TransactionCanceled extends Error {
  override readonly name = 'TransactionCanceledException';
  constructor(readonly CancellationReasons: Array<{ Code: string }>) {
    super(`Transaction cancelled, please refer cancellation reasons for specific reasons [${CancellationReasons.map((r) => r.Code).join(', ')}]`);
  }
}

// --- expressions -------------------------------------------------------------------------------------------------

type Token = { kind: 'word' | 'name' | 'value' | 'number' | 'op' | 'punct'; text: string };

function tokenize(expression: string): Token[] {
  const tokens: Token[] = [];
  const pattern = /\s*(?:(#[A-Za-z0-9_]+)|(:[A-Za-z0-9_]+)|(<>|<=|>=|=|<|>)|([(),.+\-[\]])|([0-9]+)|([A-Za-z_][A-Za-z0-9_]*))/y;
  let index = 0;
  while (index < expression.length) {
    if (/^\s*$/.test(expression.slice(index))) break;
    pattern.lastIndex = index;
    const match = pattern.exec(expression);
    if (!match) throw new Error(`Cannot tokenize expression at: ${expression.slice(index)}`);
    index = pattern.lastIndex;
    if (match[1]) tokens.push({ kind: 'name', text: match[1] });
    else if (match[2]) tokens.push({ kind: 'value', text: match[2] });
    else if (match[3]) tokens.push({ kind: 'op', text: match[3] });
    else if (match[4]) tokens.push({ kind: 'punct', text: match[4] });
    else if (match[5]) tokens.push({ kind: 'number', text: match[5] });
    else tokens.push({ kind: 'word', text: match[6]! });
  }
  return tokens;
}

type Path = Array<string | number>;

class Parser {
  private position = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly names: Names,
    private readonly values: Values,
  ) {}

  peek(offset = 0): Token | undefined {
    return this.tokens[this.position + offset];
  }
  next(): Token {
    const token = this.tokens[this.position++];
    if (!token) throw new Error('Unexpected end of expression');
    return token;
  }
  accept(text: string): boolean {
    const token = this.peek();
    if (token && token.text.toUpperCase() === text.toUpperCase() && token.kind !== 'name' && token.kind !== 'value') {
      this.position++;
      return true;
    }
    return false;
  }
  expect(text: string): void {
    if (!this.accept(text)) throw new Error(`Expected ${text} at ${this.peek()?.text}`);
  }
  done(): boolean {
    return this.position >= this.tokens.length;
  }

  path(): Path {
    const segment = (token: Token) => {
      if (token.kind === 'name') {
        const name = this.names?.[token.text];
        if (name === undefined) throw new Error(`Undefined name ${token.text}`);
        return name;
      }
      if (token.kind === 'word') return token.text;
      throw new Error(`Expected an attribute at ${token.text}`);
    };
    const path: Path = [segment(this.next())];
    for (;;) {
      if (this.accept('.')) path.push(segment(this.next()));
      else if (this.peek()?.text === '[') {
        this.next();
        path.push(Number(this.next().text));
        this.expect(']');
      } else break;
    }
    return path;
  }

  value(token: Token): unknown {
    if (!this.values || !(token.text in this.values)) throw new Error(`Undefined value ${token.text}`);
    return this.values[token.text];
  }

  /** An operand: a path, a value, or a function returning a value. */
  operand(): (item: Item) => unknown {
    const token = this.peek()!;
    if (token.kind === 'value') {
      this.next();
      const value = this.value(token);
      return () => value;
    }
    if (token.kind === 'word' && this.peek(1)?.text === '(') {
      const fn = this.next().text;
      this.expect('(');
      const args: Array<(item: Item) => unknown> = [];
      const paths: Path[] = [];
      do {
        const argToken = this.peek()!;
        if (argToken.kind === 'value' || (argToken.kind === 'word' && this.peek(1)?.text === '(')) args.push(this.operand());
        else {
          const path = this.path();
          paths.push(path);
          args.push((item) => get(item, path));
        }
      } while (this.accept(','));
      this.expect(')');
      switch (fn) {
        case 'size':
          return (item) => {
            const value = args[0]!(item);
            if (Array.isArray(value) || typeof value === 'string') return value.length;
            if (value instanceof Set) return value.size;
            if (value && typeof value === 'object') return Object.keys(value).length;
            return undefined;
          };
        case 'if_not_exists':
          return (item) => (get(item, paths[0]!) !== undefined ? get(item, paths[0]!) : args[1]!(item));
        case 'list_append':
          return (item) => [...((args[0]!(item) as unknown[]) ?? []), ...((args[1]!(item) as unknown[]) ?? [])];
        default:
          throw new Error(`Unknown function ${fn}`);
      }
    }
    const path = this.path();
    return (item) => get(item, path);
  }

  condition(): (item: Item) => boolean {
    let left = this.conjunction();
    while (this.accept('OR')) {
      const a = left;
      const b = this.conjunction();
      left = (item) => a(item) || b(item);
    }
    return left;
  }

  conjunction(): (item: Item) => boolean {
    let left = this.negation();
    while (this.accept('AND')) {
      const a = left;
      const b = this.negation();
      left = (item) => a(item) && b(item);
    }
    return left;
  }

  negation(): (item: Item) => boolean {
    if (this.accept('NOT')) {
      const inner = this.negation();
      return (item) => !inner(item);
    }
    return this.primary();
  }

  primary(): (item: Item) => boolean {
    if (this.accept('(')) {
      const inner = this.condition();
      this.expect(')');
      return inner;
    }
    const token = this.peek()!;
    if (token.kind === 'word' && this.peek(1)?.text === '(' && ['attribute_exists', 'attribute_not_exists', 'contains', 'begins_with'].includes(token.text)) {
      const fn = this.next().text;
      this.expect('(');
      const path = this.path();
      let operand: ((item: Item) => unknown) | undefined;
      if (this.accept(',')) operand = this.operand();
      this.expect(')');
      switch (fn) {
        case 'attribute_exists':
          return (item) => get(item, path) !== undefined;
        case 'attribute_not_exists':
          return (item) => get(item, path) === undefined;
        case 'begins_with':
          return (item) => {
            const value = get(item, path);
            return typeof value === 'string' && value.startsWith(String(operand!(item)));
          };
        default:
          return (item) => {
            const value = get(item, path);
            const wanted = operand!(item);
            if (typeof value === 'string') return value.includes(String(wanted));
            if (Array.isArray(value)) return value.some((element) => equal(element, wanted));
            if (value instanceof Set) return value.has(wanted);
            return false;
          };
      }
    }
    const left = this.operand();
    if (this.accept('IN')) {
      this.expect('(');
      const options: Array<(item: Item) => unknown> = [];
      do options.push(this.operand());
      while (this.accept(','));
      this.expect(')');
      return (item) => options.some((option) => equal(left(item), option(item)));
    }
    if (this.accept('BETWEEN')) {
      const low = this.operand();
      this.expect('AND');
      const high = this.operand();
      return (item) => compare(left(item), low(item)) >= 0 && compare(left(item), high(item)) <= 0;
    }
    const op = this.next();
    if (op.kind !== 'op') throw new Error(`Expected a comparison at ${op.text}`);
    const right = this.operand();
    return (item) => {
      const a = left(item);
      const b = right(item);
      if (op.text === '=') return equal(a, b);
      if (op.text === '<>') return !equal(a, b);
      if (a === undefined || b === undefined || typeof a !== typeof b) return false;
      const order = compare(a, b);
      return op.text === '<' ? order < 0 : op.text === '<=' ? order <= 0 : op.text === '>' ? order > 0 : order >= 0;
    };
  }
}

function equal(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b) && a !== undefined;
}

function compare(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}

function get(item: Item | undefined, path: Path): unknown {
  let current: any = item;
  for (const segment of path) {
    if (current === undefined || current === null) return undefined;
    current = current[segment as keyof typeof current];
  }
  return current;
}

function set(item: Item, path: Path, value: unknown): void {
  let current: any = item;
  for (const segment of path.slice(0, -1)) {
    if (current[segment] === undefined) throw new Error(`The document path provided in the update expression is invalid for update: ${path.join('.')}`);
    current = current[segment];
  }
  current[path[path.length - 1]!] = value;
}

function remove(item: Item, path: Path): void {
  let current: any = item;
  for (const segment of path.slice(0, -1)) {
    if (current[segment] === undefined) return;
    current = current[segment];
  }
  delete current[path[path.length - 1]!];
}

/** A condition parsed once, to test many items (a query). */
function compileCondition(expression: string | undefined, names: Names, values: Values): (item: Item | undefined) => boolean {
  if (!expression) return () => true;
  const parser = new Parser(tokenize(expression), names, values);
  const condition = parser.condition();
  if (!parser.done()) throw new Error(`Unparsed rest of condition: ${expression}`);
  return (item) => condition(item ?? {});
}

function evaluateCondition(expression: string | undefined, item: Item | undefined, names: Names, values: Values): boolean {
  return compileCondition(expression, names, values)(item);
}

/** Splits `SET a = :a, b = :b REMOVE c ADD d :one` into its clauses (keywords outside parentheses). */
function applyUpdate(expression: string, item: Item, names: Names, values: Values): void {
  const tokens = tokenize(expression);
  const clauses: Array<{ keyword: string; tokens: Token[] }> = [];
  let depth = 0;
  for (const token of tokens) {
    if (token.text === '(') depth++;
    if (token.text === ')') depth--;
    if (depth === 0 && token.kind === 'word' && ['SET', 'REMOVE', 'ADD', 'DELETE'].includes(token.text.toUpperCase())) {
      clauses.push({ keyword: token.text.toUpperCase(), tokens: [] });
    } else {
      clauses.at(-1)!.tokens.push(token);
    }
  }
  for (const clause of clauses) {
    const parser = new Parser(clause.tokens, names, values);
    do {
      const path = parser.path();
      if (clause.keyword === 'SET') {
        parser.expect('=');
        let value = parser.operand();
        if (parser.peek()?.text === '+' || parser.peek()?.text === '-') {
          const sign = parser.next().text;
          const left = value;
          const right = parser.operand();
          value = (i) => (sign === '+' ? Number(left(i)) + Number(right(i)) : Number(left(i)) - Number(right(i)));
        }
        set(item, path, structuredClone(value(item)));
      } else if (clause.keyword === 'REMOVE') {
        remove(item, path);
      } else if (clause.keyword === 'ADD') {
        const value = parser.operand()(item);
        const current = get(item, path);
        if (typeof value === 'number') set(item, path, (typeof current === 'number' ? current : 0) + value);
        else if (value instanceof Set) set(item, path, new Set([...((current as Set<unknown>) ?? []), ...value]));
        else throw new Error('ADD needs a number or a set');
      } else {
        throw new Error(`${clause.keyword} is not supported by the fake table`);
      }
    } while (parser.accept(','));
    if (!parser.done()) throw new Error(`Unparsed rest of update: ${expression}`);
  }
}

function project(item: Item, expression: string | undefined, names: Names): Item {
  if (!expression) return item;
  const projected: Item = {};
  for (const part of expression.split(',')) {
    const name = part.trim();
    const attribute = name.startsWith('#') ? names![name]! : name;
    if (item[attribute] !== undefined) projected[attribute] = item[attribute];
  }
  return projected;
}

const INDEXES: Record<string, [string, string]> = { GSI1: ['GSI1PK', 'GSI1SK'], GSI2: ['GSI2PK', 'GSI2SK'] };

// --- the table -----------------------------------------------------------------------------------------------------

export class FakeTable {
  readonly items = new Map<string, Item>();
  /** Every write command name, in order: to assert "no write happened". */
  readonly writes: string[] = [];
  readonly mock: AwsClientStub<DynamoDBDocumentClient>;
  /** What a concurrent writer does just before a transaction is applied (a race, placed exactly). */
  beforeTransaction: ((items: any[]) => void) | undefined;

  constructor() {
    this.mock = mockClient(DynamoDBDocumentClient);
    this.install();
  }

  private static id(key: Item): string {
    return `${key.PK}\u0000${key.SK}`;
  }

  /** A copy of the stored item (without reference sharing). */
  get(key: { PK: string; SK: string }): Item | undefined {
    const item = this.items.get(FakeTable.id(key));
    return item ? structuredClone(item) : undefined;
  }

  put(item: Item): void {
    this.items.set(FakeTable.id(item), structuredClone(item));
  }

  /** Items whose PK starts with a prefix (e.g. `neuss#NOTIFICATION#`). */
  where(predicate: (item: Item) => boolean): Item[] {
    return [...this.items.values()].filter(predicate).map((item) => structuredClone(item));
  }

  reset(): void {
    this.beforeTransaction = undefined;
    this.items.clear();
    this.writes.length = 0;
    this.mock.reset();
    this.install();
  }

  private install(): void {
    const tick = () => new Promise((resolve) => setImmediate(resolve));
    this.mock.on(GetCommand).callsFake(async (input) => {
      await tick();
      const item = this.items.get(FakeTable.id(input.Key));
      return { Item: item ? project(structuredClone(item), input.ProjectionExpression, input.ExpressionAttributeNames) : undefined };
    });
    this.mock.on(BatchGetCommand).callsFake(async (input) => {
      await tick();
      const responses: Record<string, Item[]> = {};
      for (const [table, request] of Object.entries(input.RequestItems ?? {}) as Array<[string, { Keys: Item[] }]>) {
        responses[table] = request.Keys.map((key) => this.items.get(FakeTable.id(key))).filter((item): item is Item => item !== undefined).map((item) => structuredClone(item));
      }
      return { Responses: responses, UnprocessedKeys: {} };
    });
    this.mock.on(PutCommand).callsFake(async (input) => {
      await tick();
      this.apply([{ Put: input }]);
      return {};
    });
    this.mock.on(UpdateCommand).callsFake(async (input) => {
      await tick();
      this.apply([{ Update: input }]);
      return input.ReturnValues === 'ALL_NEW' || input.ReturnValues === 'UPDATED_NEW' ? { Attributes: structuredClone(this.items.get(FakeTable.id(input.Key))) } : {};
    });
    this.mock.on(DeleteCommand).callsFake(async (input) => {
      await tick();
      this.apply([{ Delete: input }]);
      return {};
    });
    this.mock.on(TransactWriteCommand).callsFake(async (input) => {
      await tick();
      this.beforeTransaction?.(input.TransactItems ?? []);
      this.apply(input.TransactItems ?? [], true);
      return {};
    });
    this.mock.on(QueryCommand).callsFake(async (input) => {
      await tick();
      return this.query(input);
    });
  }

  private apply(actions: any[], transaction = false): void {
    if (transaction && actions.length > 100) throw new Error('Member must have length less than or equal to 100');
    const ids = actions.map((action) => FakeTable.id((action.Put?.Item ?? (action.Update ?? action.Delete ?? action.ConditionCheck).Key) as Item));
    if (transaction && new Set(ids).size !== ids.length) throw Object.assign(new Error('Transaction request cannot include multiple operations on one item'), { name: 'ValidationException' });
    const reasons = actions.map((action, index) => {
      const body = action.Put ?? action.Update ?? action.Delete ?? action.ConditionCheck;
      const ok = evaluateCondition(body.ConditionExpression, this.items.get(ids[index]!), body.ExpressionAttributeNames, body.ExpressionAttributeValues);
      return ok ? 'None' : 'ConditionalCheckFailed';
    });
    if (reasons.some((reason) => reason !== 'None')) {
      if (transaction) throw new TransactionCanceled(reasons.map((Code) => ({ Code })));
      throw new ConditionalCheckFailed('The conditional request failed');
    }
    actions.forEach((action, index) => {
      const id = ids[index]!;
      if (action.Put) {
        this.writes.push('Put');
        this.items.set(id, structuredClone(action.Put.Item));
      } else if (action.Update) {
        this.writes.push('Update');
        const item = structuredClone(this.items.get(id) ?? { ...action.Update.Key });
        applyUpdate(action.Update.UpdateExpression, item, action.Update.ExpressionAttributeNames, action.Update.ExpressionAttributeValues);
        this.items.set(id, item);
      } else if (action.Delete) {
        this.writes.push('Delete');
        this.items.delete(id);
      }
    });
  }

  private query(input: any): { Items: Item[]; LastEvaluatedKey?: Item } {
    const [pkName, skName] = input.IndexName ? INDEXES[input.IndexName]! : ['PK', 'SK'];
    const matchesKey = compileCondition(input.KeyConditionExpression, input.ExpressionAttributeNames, input.ExpressionAttributeValues);
    const matchesFilter = compileCondition(input.FilterExpression, input.ExpressionAttributeNames, input.ExpressionAttributeValues);
    const keyCondition = (item: Item) => item[pkName] !== undefined && item[skName] !== undefined && matchesKey(item);
    const candidates = [...this.items.values()]
      .filter(keyCondition)
      .sort((a, b) => compare(a[skName], b[skName]) || compare(a.PK, b.PK) || compare(a.SK, b.SK));
    if (input.ScanIndexForward === false) candidates.reverse();
    let start = 0;
    if (input.ExclusiveStartKey) {
      const after = FakeTable.id(input.ExclusiveStartKey);
      start = candidates.findIndex((item) => FakeTable.id(item) === after) + 1;
    }
    const page = input.Limit ? candidates.slice(start, start + input.Limit) : candidates.slice(start);
    const more = input.Limit !== undefined && start + input.Limit < candidates.length;
    const last = page.at(-1);
    const items = page
      .filter((item) => matchesFilter(item))
      .map((item) => project(structuredClone(item), input.ProjectionExpression, input.ExpressionAttributeNames));
    return {
      Items: items,
      ...(more && last ? { LastEvaluatedKey: { PK: last.PK, SK: last.SK, ...(input.IndexName ? { [pkName]: last[pkName], [skName]: last[skName] } : {}) } } : {}),
    };
  }
}
