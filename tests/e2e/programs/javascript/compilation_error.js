function main( {
  console.log("never");
}
