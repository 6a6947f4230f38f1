export {
  creditDepletionDate,
  forecastPeriodSpend,
  RUN_RATE_DAYS,
  SPEND_FORECAST_METHOD,
  type SpendForecast,
  type SpendForecastInput,
} from "./spend-forecast.ts";
export { GROWTH_DECIMALS, spendGrowth } from "./spend-growth.ts";
