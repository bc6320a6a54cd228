import { Reflector } from '@nestjs/core';
import { Public, Roles, routeRules } from './roles.js';

@Roles('coordinator')
class Base {
  list(): void {}

  @Public()
  open(): void {}

  @Roles('member')
  mine(): void {}
}

@Roles('observer')
class Derived extends Base {}

describe('routeRules', () => {
  const reflector = new Reflector();

  it('reads the handler’s decorators over its class’s', () => {
    expect(routeRules(reflector, Base.prototype.list, Base)).toEqual({ isPublic: false, roles: ['coordinator'] });
    expect(routeRules(reflector, Base.prototype.open, Base)).toMatchObject({ isPublic: true });
    expect(routeRules(reflector, Base.prototype.mine, Base)).toEqual({ isPublic: false, roles: ['member'] });
  });

  it('keeps one answer per handler and class: an inherited handler answers for the class it is called on', () => {
    const first = routeRules(reflector, Base.prototype.list, Base);
    expect(routeRules(reflector, Base.prototype.list, Base)).toBe(first);
    expect(routeRules(reflector, Derived.prototype.list, Derived)).toEqual({ isPublic: false, roles: ['observer'] });
    expect(routeRules(reflector, Base.prototype.list, Base).roles).toEqual(['coordinator']);
  });

  it('answers no roles for an undecorated route (the access guard refuses it)', () => {
    class Bare {
      handler(): void {}
    }
    expect(routeRules(reflector, Bare.prototype.handler, Bare)).toEqual({ isPublic: false, roles: undefined });
  });
});
