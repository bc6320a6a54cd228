import { DomainError, type AppConfig } from '@maillage/platform';
import { GeocodingService, geocodingSummary } from './geocoding.service.js';

describe('GeocodingService', () => {
  it('is off when no geocoder is configured: a run is refused in French, nothing follows an import', async () => {
    const unused = new Proxy({}, { get: () => () => Promise.reject(new Error('not called')) });
    const service = new GeocodingService(
      unused as never,
      unused as never,
      unused as never,
      unused as never,
      unused as never,
      { geocoder: undefined } as unknown as AppConfig,
    );
    expect(service.enabled).toBe(false);
    const refused = await service.start().catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(DomainError);
    expect(refused).toMatchObject({ code: 'geocoder_not_configured', kind: 'conflict' });
    expect((refused as Error).message).toMatch(/n’est pas activé sur cette installation/);
    await expect(service.afterEdit('6f1c2d4e-0000-4000-8000-000000000001')).resolves.toBeUndefined();
    await expect(service.afterImport('6f1c2d4e-0000-4000-8000-000000000000')).resolves.toBeNull();
  });

  it('counts a run’s outcomes', () => {
    expect(
      geocodingSummary(4, [
        { actorId: 'a', name: 'A', outcome: 'address' },
        { actorId: 'b', name: 'B', outcome: 'commune' },
        { actorId: 'c', name: 'C', outcome: 'not_found' },
      ]),
    ).toEqual({ actors: 4, address: 1, street: 0, commune: 1, notFound: 1, failed: 0, skipped: 0 });
  });
});
