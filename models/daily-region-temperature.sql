-- key: region_code, day
-- Daily minimum, mean and maximum temperature and count of readings per region, over the current
-- version of every reading in France (readings abroad have no region and are left out). The day is
-- the UTC date of the measurement hour, as the lake's folders are.
SELECT
  region_code,
  CAST(hour AS DATE) AS day,
  min(temperature) AS min_temperature,
  avg(temperature) AS mean_temperature,
  max(temperature) AS max_temperature,
  count(*) AS number_of_points
FROM readings_current
WHERE region_code IS NOT NULL
GROUP BY region_code, CAST(hour AS DATE)
ORDER BY region_code, day
