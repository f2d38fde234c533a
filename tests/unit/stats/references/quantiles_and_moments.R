# References for test_intervals.cpp and test_satisfaction.cpp (R >= 4.2, base R only).
options(digits = 17)
print(qnorm(c(0.975, 0.995, 0.05, 0.5)))
print(qt(c(0.975, 0.995, 0.05), df = c(4, 9, 29)))
print(qt(0.975, df = 2.5))
# Wald 18/20
p <- 18/20; print(p + c(-1, 1) * qnorm(0.975) * sqrt(p * (1 - p) / 20))
# Wilson via prop.test (correct = FALSE), 7/13
print(prop.test(7, 13, correct = FALSE)$conf.int)
# Histogram metrics: scores on 1..5
x <- c(rep(1, 2), rep(2, 1), rep(3, 3), rep(4, 5), rep(5, 4))
print(c(mean(x), var(x), sd(x)))
print(t.test(x)$conf.int)
print((t.test(x)$conf.int - 1) / 4 * 100)
print(100 * mean(x >= 4)); print(100 * mean(x <= 2))
# Pooled index on two scales: 1..5 scores above and 0..10 scores y
y <- c(0, 6, 7, 9, 10, 10)
idx <- c((x - 1) / 4 * 100, y / 10 * 100)
print(c(mean(idx), t.test(idx)$conf.int))
