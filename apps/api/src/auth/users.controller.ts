import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { type Page } from '@closewatch/contracts/pagination';
import { type UserDto } from '@closewatch/contracts/roles';
import { type NewUser, type UserChanges } from '@closewatch/contracts/users';
import { ZodPipe } from '../common/zod.pipe';
import { actorOf } from '../audit/audit-log.service';
import { Principal, Roles } from './auth.decorators';
import { type RequestPrincipal } from './principal';
import { newUserSchema, userChangesSchema } from './auth.schemas';
import { UsersService } from './users.service';

@ApiTags('users')
@Controller('api/v1/users')
@Roles('admin')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  async list(): Promise<Page<UserDto>> {
    return { items: await this.users.list(), nextCursor: null };
  }

  @Post()
  create(@Body(new ZodPipe(newUserSchema)) body: NewUser, @Principal() p: RequestPrincipal): Promise<UserDto> {
    return this.users.create(body, actorOf(p));
  }

  @Get(':id')
  get(@Param('id', ParseUUIDPipe) id: string): Promise<UserDto> {
    return this.users.get(id);
  }

  @Patch(':id')
  update(@Param('id', ParseUUIDPipe) id: string, @Body(new ZodPipe(userChangesSchema)) body: UserChanges, @Principal() p: RequestPrincipal): Promise<UserDto> {
    return this.users.update(id, body, actorOf(p));
  }
}
