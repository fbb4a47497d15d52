"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.fitPlatt = fitPlatt;
exports.calibrated = calibrated;
/**
 * Platt scaling: fits p = sigmoid(a·z + b) to out-of-fold raw scores z, so a score of 0.9 means
 * "about 9 in 10 such texts were harmful" in the training distribution. Fitted on out-of-fold scores
 * (never on scores of rows the model was trained on, which are over-confident), with Platt's
 * smoothed targets to avoid infinite weights on separable data.
 */
const logistic_1 = require("./logistic");
function fitPlatt(z, y, iterations = 2000) {
    const pos = y.filter((v) => v === 1).length;
    const neg = y.length - pos;
    const hi = (pos + 1) / (pos + 2);
    const lo = 1 / (neg + 2);
    const t = y.map((v) => (v === 1 ? hi : lo));
    let a = 1;
    let b = 0;
    // Plain gradient descent on the log-loss: two parameters, a few thousand rows — fast and stable.
    const rate = 0.5;
    for (let it = 0; it < iterations; it++) {
        let ga = 0;
        let gb = 0;
        for (let i = 0; i < z.length; i++) {
            const d = (0, logistic_1.sigmoid)(a * z[i] + b) - t[i];
            ga += d * z[i];
            gb += d;
        }
        a -= (rate * ga) / z.length;
        b -= (rate * gb) / z.length;
    }
    return { a, b };
}
function calibrated(platt, z) {
    return (0, logistic_1.sigmoid)(platt.a * z + platt.b);
}
