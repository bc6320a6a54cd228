import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { InjectConfig, Public, type AppConfig } from '@maillage/platform';

export class MapTilesDto {
  @ApiProperty({ description: 'Tile URL template ({z}/{x}/{y})', example: 'https://tile.example.org/{z}/{x}/{y}.png' })
  url!: string;

  @ApiProperty({ description: 'Attribution shown on the map' })
  attribution!: string;
}

export class ClientConfigDto {
  @ApiPropertyOptional({
    type: MapTilesDto,
    nullable: true,
    description: 'Map tiles (MAILLAGE_MAP_TILES); null: the map draws points over the territory outline only',
  })
  mapTiles!: MapTilesDto | null;

  @ApiProperty({
    description:
      'Whether addresses can be geocoded through the national address service (MAILLAGE_GEOCODER_URL is set)',
  })
  geocoding!: boolean;

  @ApiProperty({ type: [String], example: ['fr', 'en'], description: 'Interface languages, default first' })
  locales!: string[];
}

/** What the web console needs to know about this deployment before anyone signs in. */
@ApiTags('web')
@Public()
@Controller('client-config')
export class ClientConfigController {
  constructor(@InjectConfig() private readonly config: AppConfig) {}

  @Get()
  @ApiOperation({ summary: 'Web console settings of this deployment (public)' })
  @ApiOkResponse({ type: ClientConfigDto })
  get(): ClientConfigDto {
    return {
      mapTiles: this.config.web.mapTiles ?? null,
      geocoding: this.config.geocoder !== undefined,
      locales: ['fr', 'en'],
    };
  }
}
