/**
 * The results repository: where each job's results folder lives and how its files are read safely
 * for the API and the web.
 */
package hangar.results;
