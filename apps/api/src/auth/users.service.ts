import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { type UserDto } from '@closewatch/contracts/roles';
import { type NewUser, type UserChanges } from '@closewatch/contracts/users';
import { ApiError, ApiErrorCode } from '../common/api-error';
import { hashPassword, verifyPassword } from './secrets';
import { UserEntity } from './user.entity';
import { SessionsService } from './sessions.service';
import { type AuditActor, AuditLog, SYSTEM_ACTOR } from '../audit/audit-log.service';

/** The result of checking credentials: the user, or why they were refused (for the log, never the caller). */
export type Authentication = { user: UserEntity } | { user: undefined; reason: 'unknown_account' | 'wrong_password' | 'user_disabled' };

@Injectable()
export class UsersService {
  /** A real hash to verify unknown emails against, so timing does not reveal which emails exist. */
  private readonly dummyHash = hashPassword(randomBytes(16).toString('hex'));

  constructor(
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    private readonly sessions: SessionsService,
    private readonly audit: AuditLog,
  ) {}

  async list(): Promise<UserDto[]> {
    const rows = await this.users.find({ order: { email: 'ASC' } });
    return rows.map(toUserDto);
  }

  async get(id: string): Promise<UserDto> {
    const user = await this.users.findOneBy({ id });
    if (!user) throw ApiError.notFound(`user ${id}`);
    return toUserDto(user);
  }

  /** Creates a user, audited (`user.create`, never the password) in the same transaction. */
  async create(input: NewUser, actor: AuditActor = SYSTEM_ACTOR): Promise<UserDto> {
    const email = input.email.toLowerCase();
    if (await this.users.existsBy({ email })) {
      throw new ApiError(ApiErrorCode.Conflict, `a user with email ${email} already exists`, [{ field: 'email', message: 'is taken' }]);
    }
    const passwordHash = await hashPassword(input.password);
    const dto = await this.users.manager.transaction(async (m) => {
      const saved = toUserDto(await m.save(this.users.create({ email, name: input.name, role: input.role, passwordHash, disabledAt: null })));
      await this.audit.append(m, { actor, action: 'user.create', objectType: 'user', objectId: saved.id, after: saved });
      return saved;
    });
    return dto;
  }

  /** Changes a user, audited (`user.update` with before and after; a new password only as `passwordChanged`). */
  async update(id: string, changes: UserChanges, actor: AuditActor = SYSTEM_ACTOR): Promise<UserDto> {
    const user = await this.users.findOneBy({ id });
    if (!user) throw ApiError.notFound(`user ${id}`);
    const before = toUserDto(user);
    if (changes.name !== undefined) user.name = changes.name;
    if (changes.role !== undefined) user.role = changes.role;
    if (changes.disabled !== undefined) user.disabledAt = changes.disabled ? (user.disabledAt ?? new Date()) : null;
    if (changes.password !== undefined) user.passwordHash = await hashPassword(changes.password);
    const saved = await this.users.manager.transaction(async (m) => {
      const after = await m.save(user);
      await this.audit.append(m, {
        actor,
        action: 'user.update',
        objectType: 'user',
        objectId: id,
        before,
        after: { ...toUserDto(after), ...(changes.password !== undefined ? { passwordChanged: true } : {}) },
      });
      return after;
    });
    if (changes.disabled || changes.password !== undefined || changes.role !== undefined) await this.sessions.revokeAllFor(id);
    return toUserDto(saved);
  }

  /**
   * Checks credentials: the user, or why not. An unknown email is verified against a real hash
   * too, so every refusal costs the same argon2 work and timing does not tell which emails exist.
   */
  async authenticate(email: string, password: string): Promise<Authentication> {
    const user = await this.users.createQueryBuilder('u').addSelect('u.passwordHash').where('u.email = :email', { email: email.toLowerCase() }).getOne();
    const ok = await verifyPassword(user?.passwordHash ?? (await this.dummyHash), password);
    if (!user) return { user: undefined, reason: 'unknown_account' };
    if (!ok) return { user: undefined, reason: 'wrong_password' };
    if (user.disabledAt) return { user: undefined, reason: 'user_disabled' };
    return { user };
  }

  /**
   * Creates this user unless one with this email exists (startup settings); returns whether it
   * was created. An existing user is left as it is: an admin disabled, demoted or given another
   * password through the API stays so across restarts.
   */
  async ensure(input: NewUser): Promise<boolean> {
    if (await this.exists(input.email)) return false;
    try {
      await this.create(input);
      return true;
    } catch (err) {
      // Another replica starting at the same moment created it first (users_email_key).
      if (await this.exists(input.email)) return false;
      throw err;
    }
  }

  async exists(email: string): Promise<boolean> {
    return this.users.existsBy({ email: email.toLowerCase() });
  }
}

export function toUserDto(u: UserEntity): UserDto {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role,
    createdAt: u.createdAt.toISOString(),
    disabledAt: u.disabledAt?.toISOString() ?? null,
  };
}
