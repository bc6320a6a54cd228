import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@maillage/platform';
import { GeographyService, type PlaceHit } from '@maillage/territories';
import { GeographySearchQueryDto, PlaceListDto } from './territories.dto.js';

@ApiTags('territories')
@ApiBearerAuth()
@Controller('geography')
export class GeographyController {
  constructor(private readonly geography: GeographyService) {}

  @Get('search')
  @Roles('platform_admin')
  @ApiOperation({
    summary:
      'Official communes, EPCIs, départements and régions by name (to create a territory): exact names first, ' +
      'then beginnings, then words, then the rest; the most populated first within each',
  })
  @ApiOkResponse({ type: PlaceListDto })
  search(@Query() query: GeographySearchQueryDto): { items: PlaceHit[] } {
    return { items: this.geography.search(query.q, query.limit ?? 20, query.kind ? [query.kind] : undefined) };
  }
}
