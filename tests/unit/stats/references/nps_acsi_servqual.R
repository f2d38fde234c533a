# References for test_nps.cpp and test_indices.cpp, worked from the published formulas in base R
# (independent of the C++ code): NPS Wald and adjusted-Wald (Rocks 2016), ACSI-style index
# (Fornell et al. 1996), SERVQUAL gaps (Parasuraman et al. 1988, 22 items in 5 dimensions).
options(digits = 17)
nps <- function(prom, det, n) {
  z <- qnorm(0.975)
  P <- prom / n; D <- det / n
  w <- 100 * ((P - D) + c(-1, 1) * z * sqrt((P + D - (P - D)^2) / n))
  na <- n + 3; Pa <- (prom + 0.75) / na; Da <- (det + 0.75) / na
  a <- 100 * ((Pa - Da) + c(-1, 1) * z * sqrt((Pa + Da - (Pa - Da)^2) / na))
  c(score = 100 * (P - D), wald = w, adj = pmin(100, pmax(-100, a)))
}
print(nps(50, 20, 100))
# 0..10 scores: 3 promoters (9, 10, 10), 2 passives (7, 8), 3 detractors (0, 5, 6)
s <- c(9, 10, 10, 7, 8, 0, 5, 6)
print(nps(sum(s >= 9), sum(s <= 6), length(s)))
print(nps(4, 0, 4))
# ACSI
m <- c(8.2, 7.5, 6.9)
print(sum(c(0.5, 0.3, 0.2) * (m - 1) / 9 * 100)); print((sum(m) - 3) / 27 * 100)
# SERVQUAL: perception p_i = 4 + (i %% 3) / 2, expectation e_i = 5 + (i %% 2) / 4, i = 1..22
i <- 1:22; p <- 4 + (i %% 3) / 2; e <- 5 + (i %% 2) / 4; g <- p - e
dim <- c(rep(1, 4), rep(2, 5), rep(3, 4), rep(4, 4), rep(5, 5))
dg <- tapply(g, dim, mean); print(dg)
print(mean(dg)); print(sum(c(10, 30, 25, 20, 15) / 100 * dg))
