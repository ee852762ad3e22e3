import type { Region, RegionCode } from './regions.ts';

/**
 * Point-in-polygon behind a uniform grid, so the cost of a lookup does not grow with boundary detail.
 *
 * Each cell knows, for every region whose boundary crosses it or that contains its centre, whether
 * the centre is inside and which boundary edges pass through the cell. A point is inside a region
 * when the centre is inside and the segment centre→point crosses that region's edges an even number
 * of times, or the centre is outside and it crosses them an odd number of times. That segment stays
 * within the cell, so only the cell's few edges are tested. A cell no boundary crosses is answered
 * from its centre alone.
 */
export function createPolygonAssigner(regions: readonly Region[], cellDegrees = 0.05) {
  const box = {
    minLon: Math.min(...regions.map((region) => region.bbox.minLon)),
    minLat: Math.min(...regions.map((region) => region.bbox.minLat)),
    maxLon: Math.max(...regions.map((region) => region.bbox.maxLon)),
    maxLat: Math.max(...regions.map((region) => region.bbox.maxLat)),
  };
  const columns = Math.ceil((box.maxLon - box.minLon) / cellDegrees);
  const rows = Math.ceil((box.maxLat - box.minLat) / cellDegrees);
  const edgesByCell = collectEdgesByCell(regions, box, columns, rows, cellDegrees);
  const cells = buildCells(regions, edgesByCell, box, columns, rows, cellDegrees);

  return (lat: number, lon: number): RegionCode | null => {
    const column = Math.floor((lon - box.minLon) / cellDegrees);
    const row = Math.floor((lat - box.minLat) / cellDegrees);
    if (column < 0 || row < 0 || column >= columns || row >= rows) return null;
    const cell = cells[row * columns + column];
    if (cell === undefined) return null;
    if (typeof cell === 'string') return cell;
    const centreLon = box.minLon + (column + 0.5) * cellDegrees;
    const centreLat = box.minLat + (row + 0.5) * cellDegrees;
    for (const candidate of cell) {
      const crossings = countCrossings(candidate.edges, centreLon, centreLat, lon, lat);
      if (candidate.centreInside !== (crossings % 2 === 1)) return candidate.code;
    }
    return null;
  };
}

interface Candidate {
  code: RegionCode;
  centreInside: boolean;
  /** x1, y1, x2, y2 of each edge crossing the cell. */
  edges: Float64Array;
}

/** A cell is empty (undefined), wholly inside one region (its code), or needs edge tests. */
type Cell = undefined | RegionCode | Candidate[];

type Box = { minLon: number; minLat: number; maxLon: number; maxLat: number };

function collectEdgesByCell(regions: readonly Region[], box: Box, columns: number, rows: number, size: number) {
  const edgesByCell = new Map<number, Map<RegionCode, number[]>>();
  const clampColumn = (lon: number) => Math.min(columns - 1, Math.max(0, Math.floor((lon - box.minLon) / size)));
  const clampRow = (lat: number) => Math.min(rows - 1, Math.max(0, Math.floor((lat - box.minLat) / size)));
  for (const region of regions) {
    for (const ring of region.rings) {
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        const [x1, y1] = ring[j]!;
        const [x2, y2] = ring[i]!;
        // Every cell the edge's rectangle touches: a superset of the cells it crosses, which is safe.
        for (let row = clampRow(Math.min(y1, y2)); row <= clampRow(Math.max(y1, y2)); row++) {
          for (let column = clampColumn(Math.min(x1, x2)); column <= clampColumn(Math.max(x1, x2)); column++) {
            const index = row * columns + column;
            let byRegion = edgesByCell.get(index);
            if (!byRegion) edgesByCell.set(index, (byRegion = new Map()));
            let edges = byRegion.get(region.code);
            if (!edges) byRegion.set(region.code, (edges = []));
            edges.push(x1, y1, x2, y2);
          }
        }
      }
    }
  }
  return edgesByCell;
}

function buildCells(
  regions: readonly Region[],
  edgesByCell: Map<number, Map<RegionCode, number[]>>,
  box: Box,
  columns: number,
  rows: number,
  size: number,
): Cell[] {
  const cells: Cell[] = new Array(columns * rows);
  for (let row = 0; row < rows; row++) {
    const centreLat = box.minLat + (row + 0.5) * size;
    // Where each region's boundary crosses this row's centre line, sorted: inside = odd count to the right.
    const crossingsByRegion = regions.map((region) => ({ code: region.code, xs: rowCrossings(region, centreLat) }));
    for (let column = 0; column < columns; column++) {
      const centreLon = box.minLon + (column + 0.5) * size;
      const index = row * columns + column;
      const edges = edgesByCell.get(index);
      const containing = crossingsByRegion.filter(({ xs }) => countGreater(xs, centreLon) % 2 === 1).map(({ code }) => code);
      if (!edges) {
        cells[index] = containing[0];
        continue;
      }
      const codes = new Set<RegionCode>([...edges.keys(), ...containing]);
      cells[index] = [...codes].map((code) => ({
        code,
        centreInside: containing.includes(code),
        edges: Float64Array.from(edges.get(code) ?? []),
      }));
    }
  }
  return cells;
}

function rowCrossings(region: Region, lat: number): number[] {
  const xs: number[] = [];
  if (lat < region.bbox.minLat || lat > region.bbox.maxLat) return xs;
  for (const ring of region.rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i]!;
      const [xj, yj] = ring[j]!;
      if (yi > lat !== yj > lat) xs.push(((xj - xi) * (lat - yi)) / (yj - yi) + xi);
    }
  }
  return xs.sort((a, b) => a - b);
}

function countGreater(sorted: readonly number[], value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (sorted[middle]! > value) high = middle;
    else low = middle + 1;
  }
  return sorted.length - low;
}

const orientation = (ax: number, ay: number, bx: number, by: number, cx: number, cy: number) => (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);

/**
 * Edges the segment (cx, cy)→(px, py) crosses. A ring vertex lying exactly on the segment counts
 * as on its positive side for both edges that share it, so a boundary passing through is counted
 * once and one merely touching it twice.
 */
function countCrossings(edges: Float64Array, cx: number, cy: number, px: number, py: number): number {
  let crossings = 0;
  for (let k = 0; k < edges.length; k += 4) {
    const ax = edges[k]!;
    const ay = edges[k + 1]!;
    const bx = edges[k + 2]!;
    const by = edges[k + 3]!;
    const sideA = orientation(cx, cy, px, py, ax, ay) >= 0;
    const sideB = orientation(cx, cy, px, py, bx, by) >= 0;
    if (sideA === sideB) continue;
    const sideC = orientation(ax, ay, bx, by, cx, cy) > 0;
    const sideP = orientation(ax, ay, bx, by, px, py) > 0;
    if (sideC !== sideP) crossings++;
  }
  return crossings;
}
