const values = undefined;
console.log(values.missing);
