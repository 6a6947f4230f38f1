export {
  creditDepletionDate,
  forecastPeriodSpend,
  RUN_RATE_DAYS,
  SPEND_FORECAST_METHOD,
  type SpendForecast,
  type SpendForecastInput,
} from "./spend-forecast.ts";
export { GROWTH_DECIMALS, spendGrowth } from "./spend-growth.ts";
export {
  CREDIT_DEPLETION_FORECAST_ALERT,
  creditDepletionForecastAlert,
  LOW_CREDIT_ALERT_DAYS_MAX,
  LOW_CREDIT_ALERT_DAYS_MIN,
  lowCreditAlertDaysFromForm,
  lowCreditAlertDaysSchema,
  lowCreditAlertFormSchema,
  type CreditDepletionCheck,
} from "./credit-depletion-alert.ts";
