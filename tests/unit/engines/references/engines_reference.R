# Reference values for tests/unit/engines (run: Rscript engines_reference.R).
# Computed with base R only, independently of icm's C++ code.
options(digits = 17)

# quantile type 7 (R's default) of acknowledgement hours
ack <- c(1.5, 30, 4, 12, 2, 48, 0.25)
cat("ack mean", mean(ack), "\n")
print(quantile(ack, c(0.5, 0.9), type = 7))
res <- c(10, 80, 50, 20)
cat("res mean", mean(res), "\n")
print(quantile(res, c(0.5, 0.9), type = 7))

# rater leniency: z within rater (sample sd), re-expressed on pooled mean/sd of all rows.
score <- c(80, 90, 70, 60, 65, 55, 80, 75, 75, 50)
rater <- c("A", "A", "A", "B", "B", "B", "B", "C", "C", "D")
z <- ave(score, rater, FUN = function(x) if (length(x) < 2 || sd(x) == 0) NA else (x - mean(x)) / sd(x))
cat("z", z, "\n")
pooled <- mean(score) + z * sd(score)
pooled[is.na(z)] <- score[is.na(z)]  # C (sd 0) and D (n 1) stay as given
cat("pooled mean", mean(score), "sd", sd(score), "\n")
cat("corrected", pooled, "\n")

# ---- dataset fixture (tests/unit/engines/fixture.hpp) ----
# complaints, 2024-Q2 against D1: ack hours 2, 30, 1; resolve hours 30, 100
q <- function(x) quantile(x, c(0.5, 0.9), type = 7)
cat("D1 ack", mean(c(2, 30, 1)), q(c(2, 30, 1)), "\n")
cat("D1 resolve", mean(c(30, 100)), q(c(30, 100)), "\n")
# all units 2024-Q2 (adds D2: ack 5, resolve 10)
cat("all ack", mean(c(2, 30, 1, 5)), q(c(2, 30, 1, 5)), "\n")
cat("all resolve", mean(c(30, 100, 10)), q(c(30, 100, 10)), "\n")
# appraisal with leniency: service_quality scaled 0-100, raters R1, R2 over D1, D2, E1
pts <- c(100, 50, 75, 75, 50, 25)          # R1: D1 D2 E1, R2: D1 D2 E1
rat <- c(1, 1, 1, 2, 2, 2)
z <- ave(pts, rat, FUN = function(x) (x - mean(x)) / sd(x))
cor <- mean(pts) + z * sd(pts)
cat("corrected", cor, "\n")
w <- c(1, 1, 2, 1, 1, 1)                   # E1's R1 row has weight 2
subj <- c("D1", "D2", "E1", "D1", "D2", "E1")
print(sapply(split(seq_along(cor), subj), function(i) weighted.mean(cor[i], w[i])), digits = 17)
