import Foundation

/// Hourly quantiles from a count distribution calibrated on backtest errors.
///
/// The calls of an hour are taken as negative binomial with the forecast as mean and variance
/// μ + κμ², where the dispersion κ is estimated from backtest windows by the method of moments,
/// κ = max(0, Σ((y − μ)² − μ) / Σ μ²): Poisson (κ = 0) when the errors are no larger than
/// counting noise, wider when the model's own errors (level, holidays) add to it.
public enum Uncertainty {
    public static func dispersion(forecast: [Double], actual: [Double]) -> Double {
        var num = 0.0, den = 0.0
        for i in forecast.indices where i < actual.count {
            let mu = forecast[i], y = actual[i]
            num += (y - mu) * (y - mu) - mu
            den += mu * mu
        }
        return den > 0 ? max(0, num / den) : 0
    }

    /// The smallest count c with P(X ≤ c) ≥ level, X negative binomial (mean, dispersion); for
    /// means above 1,000 a normal approximation.
    public static func quantile(mean mu: Double, dispersion k: Double, level: Double) -> Double {
        guard mu > 0 else { return 0 }
        let q = min(max(level, 1e-6), 1 - 1e-9)
        let variance = mu + k * mu * mu
        if mu > 1000 {
            return max(0, (mu + normalQuantile(q) * variance.squareRoot()).rounded(.up))
        }
        var p: Double, cdf: Double
        var c = 0.0
        if k < 1e-9 {
            p = exp(-mu); cdf = p
            while cdf < q && c < 100_000 { c += 1; p *= mu / c; cdf += p }
        } else {
            let r = 1 / k
            let prob = r / (r + mu)  // success probability
            p = pow(prob, r); cdf = p
            while cdf < q && c < 100_000 { p *= (c + r) / (c + 1) * (1 - prob); c += 1; cdf += p }
        }
        return c
    }

    static func normalQuantile(_ p: Double) -> Double {
        // Acklam's rational approximation.
        let a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00]
        let b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155305418e+01]
        let c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00]
        let d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00]
        if p < 0.02425 {
            let q = (-2 * log(p)).squareRoot()
            return (((((c[0]*q+c[1])*q+c[2])*q+c[3])*q+c[4])*q+c[5]) / ((((d[0]*q+d[1])*q+d[2])*q+d[3])*q+1)
        } else if p > 1 - 0.02425 {
            let q = (-2 * log(1 - p)).squareRoot()
            return -(((((c[0]*q+c[1])*q+c[2])*q+c[3])*q+c[4])*q+c[5]) / ((((d[0]*q+d[1])*q+d[2])*q+d[3])*q+1)
        }
        let q = p - 0.5, r = q * q
        return (((((a[0]*r+a[1])*r+a[2])*r+a[3])*r+a[4])*r+a[5])*q / (((((b[0]*r+b[1])*r+b[2])*r+b[3])*r+b[4])*r+1)
    }

    /// `forecast` with `quantiles[level]` filled for each level (0 < level < 1).
    public static func addingQuantiles(to forecast: HourlyForecast, levels: [Double], dispersion: Double) -> HourlyForecast {
        var f = forecast
        var qs = f.quantiles ?? [:]
        for level in levels { qs[level] = f.calls.map { quantile(mean: $0, dispersion: dispersion, level: level) } }
        f.quantiles = qs
        f.dispersion = dispersion
        return f
    }
}
