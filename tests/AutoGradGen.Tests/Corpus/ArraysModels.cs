using System;
using AutoGradGen;

namespace AutoGradGen.Tests.Corpus;

/// <summary>
/// Model objectives of the kind AD benchmarks use (MLP, GMM, LSTM, RK4, k-means, bundle adjustment),
/// written with flat or jagged arrays, local state arrays updated in place, and [Differentiable] helpers.
/// </summary>
public static partial class ArraysModels
{
    /// <summary>The logistic sigmoid (a scalar callee).</summary>
    [Differentiable]
    public static double Sigmoid(double x) => 1.0 / (1.0 + Math.Exp(-x));

    /// <summary>A 2-layer tanh MLP over a batch (W1, b1, W2, b2 flat, row-major) with a local hidden array, ending in a squared error.</summary>
    [Differentiable]
    public static double MlpSquaredError(double[] w1, double[] b1, double[] w2, double[] b2, [NoDiff] double[] inputs, [NoDiff] double[] targets)
    {
        int hiddenSize = b1.Length;
        int outputSize = b2.Length;
        int inputSize = w1.Length / hiddenSize;
        int batch = inputs.Length / inputSize;
        var hidden = new double[hiddenSize];
        double error = 0;
        for (int n = 0; n < batch; n++)
        {
            for (int h = 0; h < hiddenSize; h++)
            {
                double a = b1[h];
                for (int i = 0; i < inputSize; i++)
                {
                    a += w1[(h * inputSize) + i] * inputs[(n * inputSize) + i];
                }

                hidden[h] = Math.Tanh(a);
            }

            for (int o = 0; o < outputSize; o++)
            {
                double y = b2[o];
                for (int h = 0; h < hiddenSize; h++)
                {
                    y += w2[(o * hiddenSize) + h] * hidden[h];
                }

                double residual = y - targets[(n * outputSize) + o];
                error += residual * residual;
            }
        }

        return 0.5 * error;
    }

    /// <summary>The GMM objective in the ADBench formulation (lower-triangular precision factors from icf, log-sum-exp per point, Wishart prior).</summary>
    /// <remarks>
    /// icf row k holds the log of the diagonal of Qₖ followed by its strictly lower entries column by
    /// column; per point a log-sum-exp over k of αₖ + Σ log diag(Qₖ) − ½‖Qₖ(x − μₖ)‖², minus
    /// n·logsumexp(α), plus the Wishart prior (without its constant term, which has no gradient).
    /// </remarks>
    [Differentiable]
    public static double GmmObjective(double[] alphas, double[][] means, double[][] icf, [NoDiff] double[][] x, [NoDiff] double wishartGamma, int wishartM)
    {
        int n = x.Length;
        int d = x[0].Length;
        int k = alphas.Length;
        var sumQs = new double[k];
        for (int c = 0; c < k; c++)
        {
            double s = 0;
            for (int j = 0; j < d; j++)
            {
                s += icf[c][j];
            }

            sumQs[c] = s;
        }

        var centered = new double[d];
        var qx = new double[d];
        var mainTerm = new double[k];
        double slse = 0;
        for (int p = 0; p < n; p++)
        {
            for (int c = 0; c < k; c++)
            {
                for (int j = 0; j < d; j++)
                {
                    centered[j] = x[p][j] - means[c][j];
                }

                for (int j = 0; j < d; j++)
                {
                    qx[j] = Math.Exp(icf[c][j]) * centered[j];
                }

                int l = d;
                for (int i = 0; i < d; i++)
                {
                    for (int j = i + 1; j < d; j++)
                    {
                        qx[j] += icf[c][l] * centered[i];
                        l++;
                    }
                }

                double squaredNorm = 0;
                for (int j = 0; j < d; j++)
                {
                    squaredNorm += qx[j] * qx[j];
                }

                mainTerm[c] = alphas[c] + sumQs[c] - (0.5 * squaredNorm);
            }

            slse += ArraysCalls.LogSumExp(mainTerm);
        }

        double constant = -n * d * 0.5 * Math.Log(2 * Math.PI);
        double err = constant + slse - (n * ArraysCalls.LogSumExp(alphas));

        double prior = 0;
        for (int c = 0; c < k; c++)
        {
            double frobenius = 0;
            for (int j = 0; j < d; j++)
            {
                double diagonal = Math.Exp(icf[c][j]);
                frobenius += diagonal * diagonal;
            }

            for (int j = d; j < icf[c].Length; j++)
            {
                frobenius += icf[c][j] * icf[c][j];
            }

            prior += (0.5 * wishartGamma * wishartGamma * frobenius) - (wishartM * sumQs[c]);
        }

        return err + prior;
    }

    /// <summary>A multi-layer LSTM over a sequence in the ADBench style, its hidden and cell state updated in place in a local array.</summary>
    /// <remarks>
    /// Per layer, elementwise gate weights then biases in one flat array (4·b each); extra parameters
    /// are the input scale, output scale and output bias; state is [layer][hidden | cell]; the loss is
    /// −mean over steps of the next input times the log-softmax of the prediction.
    /// </remarks>
    [Differentiable]
    public static double LstmObjective(double[] mainParams, double[] extraParams, [NoDiff] double[] initialState, [NoDiff] double[] sequence, int layers)
    {
        int b = extraParams.Length / 3;
        int steps = sequence.Length / b;
        var state = new double[initialState.Length];
        for (int i = 0; i < state.Length; i++)
        {
            state[i] = initialState[i];
        }

        var input = new double[b];
        var gates = new double[4 * b];
        var prediction = new double[b];
        double total = 0;
        int count = 0;
        for (int t = 0; t < steps - 1; t++)
        {
            for (int i = 0; i < b; i++)
            {
                input[i] = sequence[(t * b) + i] * extraParams[i];
            }

            for (int layer = 0; layer < layers; layer++)
            {
                int weight = layer * 8 * b;
                int bias = weight + (4 * b);
                int hidden = layer * 2 * b;
                int cell = hidden + b;
                for (int i = 0; i < b; i++)
                {
                    gates[i] = Sigmoid((input[i] * mainParams[weight + i]) + mainParams[bias + i]);
                    gates[b + i] = Sigmoid((state[hidden + i] * mainParams[weight + b + i]) + mainParams[bias + b + i]);
                    gates[(2 * b) + i] = Sigmoid((input[i] * mainParams[weight + (2 * b) + i]) + mainParams[bias + (2 * b) + i]);
                    gates[(3 * b) + i] = Math.Tanh((state[hidden + i] * mainParams[weight + (3 * b) + i]) + mainParams[bias + (3 * b) + i]);
                }

                for (int i = 0; i < b; i++)
                {
                    state[cell + i] = (state[cell + i] * gates[i]) + (gates[b + i] * gates[(3 * b) + i]);
                }

                for (int i = 0; i < b; i++)
                {
                    state[hidden + i] = gates[(2 * b) + i] * Math.Tanh(state[cell + i]);
                    input[i] = state[hidden + i];
                }
            }

            for (int i = 0; i < b; i++)
            {
                prediction[i] = (input[i] * extraParams[b + i]) + extraParams[(2 * b) + i];
            }

            double lse = ArraysCalls.LogSumExp(prediction);
            for (int i = 0; i < b; i++)
            {
                total += sequence[((t + 1) * b) + i] * (prediction[i] - lse);
            }

            count += b;
        }

        return -total / count;
    }

    /// <summary>The Lotka-Volterra right-hand side for one component (a callee taking a span and scalars).</summary>
    [Differentiable]
    public static double LotkaVolterraRate(int component, ReadOnlySpan<double> p, double prey, double predator)
    {
        if (component == 0)
        {
            return (p[0] * prey) - (p[1] * prey * predator);
        }

        return (p[2] * prey * predator) - (p[3] * predator);
    }

    /// <summary>RK4 on Lotka-Volterra (local stage arrays k1..k4 reused every step); loss = squared distance of the final state to a target.</summary>
    [Differentiable]
    public static double LotkaVolterraRk4(double[] parameters, double[] initial, [NoDiff] double[] target, [NoDiff] double dt, int steps)
    {
        var y = new double[2];
        var k1 = new double[2];
        var k2 = new double[2];
        var k3 = new double[2];
        var k4 = new double[2];
        var stage = new double[2];
        y[0] = initial[0];
        y[1] = initial[1];
        for (int step = 0; step < steps; step++)
        {
            for (int i = 0; i < 2; i++)
            {
                k1[i] = LotkaVolterraRate(i, parameters, y[0], y[1]);
            }

            for (int i = 0; i < 2; i++)
            {
                stage[i] = y[i] + (0.5 * dt * k1[i]);
            }

            for (int i = 0; i < 2; i++)
            {
                k2[i] = LotkaVolterraRate(i, parameters, stage[0], stage[1]);
            }

            for (int i = 0; i < 2; i++)
            {
                stage[i] = y[i] + (0.5 * dt * k2[i]);
            }

            for (int i = 0; i < 2; i++)
            {
                k3[i] = LotkaVolterraRate(i, parameters, stage[0], stage[1]);
            }

            for (int i = 0; i < 2; i++)
            {
                stage[i] = y[i] + (dt * k3[i]);
            }

            for (int i = 0; i < 2; i++)
            {
                k4[i] = LotkaVolterraRate(i, parameters, stage[0], stage[1]);
            }

            for (int i = 0; i < 2; i++)
            {
                y[i] += dt / 6 * (k1[i] + (2 * k2[i]) + (2 * k3[i]) + k4[i]);
            }
        }

        double loss = 0;
        for (int i = 0; i < 2; i++)
        {
            double r = y[i] - target[i];
            loss += r * r;
        }

        return loss;
    }

    /// <summary>Squared Euclidean distance between two spans (a callee fed jagged rows).</summary>
    [Differentiable]
    public static double SquaredDistance(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double sum = 0;
        for (int j = 0; j < a.Length; j++)
        {
            double diff = a[j] - b[j];
            sum += diff * diff;
        }

        return sum;
    }

    /// <summary>The k-means cost over jagged points and centers (both differentiable): Σₚ minₖ ‖xₚ − cₖ‖², rows passed to a callee.</summary>
    [Differentiable]
    public static double KMeansCost(double[][] points, double[][] centers)
    {
        double cost = 0;
        for (int p = 0; p < points.Length; p++)
        {
            double best = SquaredDistance(points[p], centers[0]);
            for (int c = 1; c < centers.Length; c++)
            {
                double distance = SquaredDistance(points[p], centers[c]);
                if (distance < best)
                {
                    best = distance;
                }
            }

            cost += best;
        }

        return cost;
    }

    /// <summary>Below this θ² the Rodrigues rotation switches to its first-order approximation.</summary>
    public const double SmallAngle = 1e-4;

    /// <summary>Bundle-adjustment reprojection error: Rodrigues rotation with a small-angle branch, radial distortion, int[] camera/point indices.</summary>
    /// <remarks>
    /// Camera rows are [angle-axis (3), translation (3), focal, k1, k2]; below θ² = SmallAngle the
    /// rotation is X + r × X; then perspective division, distortion 1 + k1 r² + k2 r⁴, focal scaling,
    /// and the squared residuals against the observed pixel, summed.
    /// </remarks>
    [Differentiable]
    public static double ReprojectionError(double[][] cameras, double[][] points, [NoDiff] double[] observations, int[] cameraIndex, int[] pointIndex)
    {
        double total = 0;
        for (int o = 0; o < cameraIndex.Length; o++)
        {
            int ci = cameraIndex[o];
            int pi = pointIndex[o];
            double px = points[pi][0];
            double py = points[pi][1];
            double pz = points[pi][2];
            double rx = cameras[ci][0];
            double ry = cameras[ci][1];
            double rz = cameras[ci][2];
            double theta2 = (rx * rx) + (ry * ry) + (rz * rz);
            double qx;
            double qy;
            double qz;
            if (theta2 >= SmallAngle)
            {
                double theta = Math.Sqrt(theta2);
                double cos = Math.Cos(theta);
                double sin = Math.Sin(theta);
                double wx = rx / theta;
                double wy = ry / theta;
                double wz = rz / theta;
                double along = ((wx * px) + (wy * py) + (wz * pz)) * (1 - cos);
                qx = (px * cos) + (((wy * pz) - (wz * py)) * sin) + (wx * along);
                qy = (py * cos) + (((wz * px) - (wx * pz)) * sin) + (wy * along);
                qz = (pz * cos) + (((wx * py) - (wy * px)) * sin) + (wz * along);
            }
            else
            {
                qx = px + ((ry * pz) - (rz * py));
                qy = py + ((rz * px) - (rx * pz));
                qz = pz + ((rx * py) - (ry * px));
            }

            qx += cameras[ci][3];
            qy += cameras[ci][4];
            qz += cameras[ci][5];
            double u = qx / qz;
            double v = qy / qz;
            double r2 = (u * u) + (v * v);
            double distortion = 1 + (cameras[ci][7] * r2) + (cameras[ci][8] * r2 * r2);
            double focal = cameras[ci][6];
            double du = (focal * distortion * u) - observations[2 * o];
            double dv = (focal * distortion * v) - observations[(2 * o) + 1];
            total += (du * du) + (dv * dv);
        }

        return total;
    }

    /// <summary>Holt's linear exponential smoothing: level and trend scalars overwritten every step, one-step-ahead squared errors.</summary>
    [Differentiable]
    public static double HoltForecastError(double alpha, double beta, double[] series)
    {
        double level = series[0];
        double trend = series[1] - series[0];
        double error = 0;
        for (int t = 1; t < series.Length; t++)
        {
            double forecast = level + trend;
            double residual = series[t] - forecast;
            error += residual * residual;
            double previousLevel = level;
            level = (alpha * series[t]) + ((1 - alpha) * forecast);
            trend = (beta * (level - previousLevel)) + ((1 - beta) * trend);
        }

        return error;
    }
}
