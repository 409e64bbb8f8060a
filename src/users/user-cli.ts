import { parseArgs } from 'node:util';
import type { Kysely } from 'kysely';
import { ROLES, type Database, type Role } from '../db/schema.js';
import { AppError } from '../shared/errors.js';
import { createUser, listUsers, ROLE_LABELS } from './user-service.js';

/** What the CLI hands a command: where to print. */
export interface UserCliIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

export interface UserCliDeps {
  /** Opens the configured, migrated database; the command closes it. */
  open: () => { db: Kysely<Database>; close: () => Promise<void> };
  now: () => Date;
}

export const USER_USAGE = [
  '  user add --email <이메일> --name <이름> --role <역할> [--role <역할> …] [--ministry <부처> …] [--password <비밀번호>]',
  '                     계정을 만듭니다. 비밀번호를 주지 않으면 임시 비밀번호를 한 번 보여 주며, 첫 로그인 때 바꿔야 합니다.',
  `                     역할: ${ROLES.map((r) => `${r}(${ROLE_LABELS[r]})`).join(', ')}`,
  '  user list          계정 목록을 보여 줍니다.',
];

// createUser explains problems in Korean sentences; the CLI adds the option each one is about.
const FIELD_OF_PROBLEM: [RegExp, string][] = [
  [/비밀번호/, '--password'],
  [/이메일/, '--email'],
  [/부처/, '--ministry'],
  [/역할/, '--role'],
  [/이름/, '--name'],
];

function fieldOf(problem: string): string {
  return FIELD_OF_PROBLEM.find(([pattern]) => pattern.test(problem))?.[1] ?? '';
}

function parseProblem(error: unknown): string {
  const code = (error as { code?: string }).code;
  const message = error instanceof Error ? error.message : String(error);
  const option = /'(-{1,2}[^' ,]+)/.exec(message)?.[1] ?? '';
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `${option}: 알 수 없는 옵션입니다.`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') return `${option}: 옵션에 값을 함께 적어 주세요.`;
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') return `알 수 없는 인수입니다: ${/'([^']+)'/.exec(message)?.[1] ?? message}`;
  return message;
}

async function addUser(args: string[], io: UserCliIo, deps: UserCliDeps): Promise<number> {
  let values: { email?: string; name?: string; role?: string[]; ministry?: string[]; password?: string };
  try {
    ({ values } = parseArgs({
      args,
      options: {
        email: { type: 'string' },
        name: { type: 'string' },
        role: { type: 'string', multiple: true },
        ministry: { type: 'string', multiple: true },
        password: { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    io.err(parseProblem(error));
    io.err(USER_USAGE[0]!);
    return 2;
  }
  const problems: string[] = [];
  if (!values.email?.trim()) problems.push('--email: 이메일을 입력해 주세요.');
  if (!values.name?.trim()) problems.push('--name: 이름을 입력해 주세요.');
  const roles = (values.role ?? []).map((r) => r.trim());
  if (roles.length === 0) problems.push(`--role: 역할을 하나 이상 지정해 주세요 (${ROLES.join(', ')}).`);
  for (const role of roles) {
    if (!(ROLES as readonly string[]).includes(role)) problems.push(`--role: 알 수 없는 역할입니다: ${role} (가능한 값: ${ROLES.join(', ')})`);
  }
  if (problems.length) {
    for (const p of problems) io.err(p);
    return 2;
  }

  const { db, close } = deps.open();
  try {
    const { oneTimePassword } = await createUser(
      db,
      {
        email: values.email!,
        displayName: values.name!,
        roles: roles as Role[],
        ministries: values.ministry,
        password: values.password,
      },
      deps.now(),
    );
    io.out(`계정을 만들었습니다: ${values.email!.trim().toLowerCase()} (${values.name!.trim()})`);
    io.out(`역할: ${roles.map((r) => ROLE_LABELS[r as Role]).join(', ')}${values.ministry?.length ? ` / 부처: ${values.ministry.join(', ')}` : ''}`);
    if (oneTimePassword) {
      io.out(`임시 비밀번호: ${oneTimePassword}`);
      io.out('이 비밀번호는 다시 표시되지 않습니다. 처음 로그인할 때 새 비밀번호로 바꿔야 합니다.');
    }
    return 0;
  } catch (error) {
    if (error instanceof AppError && error.code === 'VALIDATION_FAILED') {
      io.err(error.message);
      for (const detail of error.details) {
        const field = fieldOf(detail);
        io.err(field ? `${field}: ${detail}` : detail);
      }
      return 1;
    }
    throw error;
  } finally {
    await close();
  }
}

async function listAll(args: string[], io: UserCliIo, deps: UserCliDeps): Promise<number> {
  if (args.length) {
    io.err(`알 수 없는 인수입니다: ${args.join(' ')}`);
    return 2;
  }
  const { db, close } = deps.open();
  try {
    const users = await listUsers(db);
    if (users.length === 0) {
      io.out('등록된 계정이 없습니다.');
      return 0;
    }
    io.out(['번호', '이메일', '이름', '역할', '부처', '상태'].join('\t'));
    for (const u of users) {
      const state = u.disabled ? '사용 중지' : u.mustChangePassword ? '임시 비밀번호' : '정상';
      io.out(
        [u.id, u.email, u.displayName, u.roles.map((r) => ROLE_LABELS[r]).join(', ') || '-', u.ministries.join(', ') || '-', state].join('\t'),
      );
    }
    io.out(`총 ${users.length}명`);
    return 0;
  } finally {
    await close();
  }
}

/** `briefroom user add …` and `briefroom user list`. */
export async function userCommand(args: string[], io: UserCliIo, deps: UserCliDeps): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'add') return addUser(rest, io, deps);
  if (sub === 'list') return listAll(rest, io, deps);
  io.err(sub ? `알 수 없는 user 명령입니다: ${sub}` : 'user 다음에 add 또는 list를 적어 주세요.');
  for (const line of USER_USAGE) io.err(line);
  return 2;
}
