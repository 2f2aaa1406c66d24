-- Haskell is not run by this judge: the import keeps this file and says why it is skipped.
smallestDivisor :: Integer -> Maybe Integer
smallestDivisor n = case [d | d <- takeWhile (\d -> d * d <= n) (2 : [3, 5 ..]), n `mod` d == 0] of
  (d : _) -> Just d
  [] -> Nothing

main :: IO ()
main = interact $ unlines . map (maybe "prime" show . smallestDivisor . read) . lines
