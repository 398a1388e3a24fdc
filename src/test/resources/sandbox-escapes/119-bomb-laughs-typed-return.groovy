// tries: let a method's String return type convert a huge shared tree it built to text
// expect: stopped at run time, line 8: used up its budget
String show() {
  def leaf = []
  def top = leaf
  20.times { top = [top, top] }
  1000.times { leaf.add(1) }
  top
}
show()
