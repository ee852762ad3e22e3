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

/**
 * The boundary edges passing through each cell, by cell index times the region count plus the
 * region's index: one flat map, as a map per cell cost most of the start of a partitioner.
 */
function collectEdgesByCell(regions: readonly Region[], box: Box, columns: number, rows: number, size: number): Map<number, number[]> {
  const edgesByCell = new Map<number, number[]>();
  const clampColumn = (lon: number) => Math.min(columns - 1, Math.max(0, Math.floor((lon - box.minLon) / size)));
  const clampRow = (lat: number) => Math.min(rows - 1, Math.max(0, Math.floor((lat - box.minLat) / size)));
  regions.forEach((region, regionIndex) => {
    for (const ring of region.rings) {
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        const [x1, y1] = ring[j]!;
        const [x2, y2] = ring[i]!;
        // Every cell the edge's rectangle touches: a superset of the cells it crosses, which is safe.
        for (let row = clampRow(Math.min(y1, y2)); row <= clampRow(Math.max(y1, y2)); row++) {
          for (let column = clampColumn(Math.min(x1, x2)); column <= clampColumn(Math.max(x1, x2)); column++) {
            const key = (row * columns + column) * regions.length + regionIndex;
            const edges = edgesByCell.get(key);
            if (edges) edges.push(x1, y1, x2, y2);
            else edgesByCell.set(key, [x1, y1, x2, y2]);
          }
        }
      }
    }
  });
  return edgesByCell;
}

function buildCells(regions: readonly Region[], edgesByCell: Map<number, number[]>, box: Box, columns: number, rows: number, size: number): Cell[] {
  const cells: Cell[] = new Array(columns * rows);
  const crossings = regions.map((region) => rowCrossings(region, box, rows, size));
  const containing: number[] = [];
  for (let row = 0; row < rows; row++) {
    for (let column = 0; column < columns; column++) {
      const centreLon = box.minLon + (column + 0.5) * size;
      const index = row * columns + column;
      // Inside a region when an odd number of its boundary crossings of the row's centre line lie to the right.
      containing.length = 0;
      for (let regionIndex = 0; regionIndex < regions.length; regionIndex++) {
        if (countGreater(crossings[regionIndex]![row]!, centreLon) % 2 === 1) containing.push(regionIndex);
      }
      // The regions whose boundary crosses the cell first, then those that merely contain its centre.
      const candidates: Candidate[] = [];
      for (let regionIndex = 0; regionIndex < regions.length; regionIndex++) {
        const edges = edgesByCell.get(index * regions.length + regionIndex);
        if (edges) candidates.push({ code: regions[regionIndex]!.code, centreInside: containing.includes(regionIndex), edges: Float64Array.from(edges) });
      }
      if (candidates.length === 0) {
        cells[index] = containing.length > 0 ? regions[containing[0]!]!.code : undefined;
        continue;
      }
      for (const regionIndex of containing) {
        if (!edgesByCell.has(index * regions.length + regionIndex)) candidates.push({ code: regions[regionIndex]!.code, centreInside: true, edges: new Float64Array(0) });
      }
      cells[index] = candidates;
    }
  }
  return cells;
}

/**
 * For each row, where the region's boundary crosses the row's centre line, sorted. Each edge visits
 * only the rows its latitudes span (one pass over the boundary, not one per row); a row is decided
 * by the same test as a ray cast, so a vertex exactly on a centre line counts as there.
 */
function rowCrossings(region: Region, box: Box, rows: number, size: number): number[][] {
  const byRow: number[][] = Array.from({ length: rows }, () => []);
  for (const ring of region.rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i]!;
      const [xj, yj] = ring[j]!;
      // One row of slack either side: the test below, not this range, decides.
      const first = Math.max(0, Math.floor((Math.min(yi, yj) - box.minLat) / size - 0.5) - 1);
      const last = Math.min(rows - 1, Math.ceil((Math.max(yi, yj) - box.minLat) / size - 0.5) + 1);
      for (let row = first; row <= last; row++) {
        const lat = box.minLat + (row + 0.5) * size;
        if (yi > lat !== yj > lat) byRow[row]!.push(((xj - xi) * (lat - yi)) / (yj - yi) + xi);
      }
    }
  }
  for (const xs of byRow) xs.sort((a, b) => a - b);
  return byRow;
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
