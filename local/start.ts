// The local hub is built in a later step; until then say so plainly rather than fail obscurely.
console.log("The local hub is not built yet. Meanwhile: `npx hub catalogue` and `npm test`.");
